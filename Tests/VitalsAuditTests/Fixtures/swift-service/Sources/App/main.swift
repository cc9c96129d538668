import Hummingbird
import Logging

LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
let logger = Logger(label: "app")
print("starting")
// print("commented out")
let banner = "call print(x) to debug"
/* print("in a block comment") /* nested */ print("still comment") */
logger.info("login", metadata: ["password": "\(password)"])
logger.info("user signed in")
let logins = Counter(label: "logins", dimensions: [("user_id", id)])
let requests = Counter(label: "requests", dimensions: [("route", "/orders/{id}")])
router.get("/health/live") { _, _ in try await db.ping() }
router.get("/orders") { _, _ in "ok" }
// vitals:ignore log.print
print("allowed on purpose")
let text = """
    print("inside a multi-line string")
    """
// A liveness route whose body only mentions a dependency in a string: not a dependency check.
router.get("/health/live") { _, _ in "alive, database not consulted" }
