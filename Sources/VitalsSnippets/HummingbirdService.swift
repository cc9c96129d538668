import Hummingbird
import Logging
import ServiceLifecycle
import Vitals
import VitalsHummingbird

/// README: the library in one screen.
func oneScreenService(database: Database, orders: Orders) async throws {
    // snippet
    var configuration = Vitals.Configuration()
    configuration.serviceName = "orders-api"
    let vitals = try Vitals.bootstrap(configuration: configuration)  // logs, metrics, traces
    let logger = Logger(label: "orders-api")

    Vitals.health.register("database", in: .readiness, timeout: .seconds(1)) { try await database.ping() }

    let router = Router()
    router.add(middleware: VitalsMiddleware())  // request ids, RED metrics, server spans, access log
    router.addVitalsRoutes()  // /health/live, /health/ready, /health/startup, /metrics
    router.get("/orders/{id}") { _, context in try await orders.find(context.parameters.require("id", as: Int.self)) }

    let app = Application(router: router, onServerRunning: { _ in Vitals.health.markStarted() })
    try await ServiceGroup(services: vitals.around([app]), gracefulShutdownSignals: [.sigterm], logger: logger).run()
    // end snippet
}

/// docs/library.md §2: bootstrap once.
func bootstrapOnce() throws {
    // snippet
    var configuration = Vitals.Configuration()
    configuration.serviceName = "orders-api"
    let vitals = try Vitals.bootstrap(configuration: configuration)
    // end snippet
    _ = vitals
}

/// docs/library.md §3: redaction settings.
func redactionSettings() {
    var configuration = Vitals.Configuration()
    // snippet
    configuration.redaction.allow.insert("token_count")  // a number, not a credential
    configuration.redaction.deny.insert("ssn")
    // end snippet
}

/// docs/library.md §4: one middleware.
func hummingbirdRouter() {
    // snippet
    let router = Router()
    router.add(middleware: VitalsMiddleware())
    router.addVitalsRoutes()
    // end snippet
}

/// docs/library.md §5: health.
func healthChecks(database: Database) {
    // snippet
    Vitals.health.register("database", in: .readiness, timeout: .seconds(1)) { try await database.ping() }
    // when initialisation is done:
    Vitals.health.markStarted()
    // end snippet
}
