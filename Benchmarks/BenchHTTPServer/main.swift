// The server side of scripts/bench-library: one route, served bare, with Hummingbird's own
// MetricsMiddleware (the peer), or with the Vitals middleware stack, so wrk can compare them.
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import Vitals
import VitalsHummingbird

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[2]) else {
    print("usage: bench-http-server bare|hummingbird-metrics|vitals|vitals-access-log PORT")
    exit(2)
}
let mode = arguments[1]
let registry = PrometheusCollectorRegistry()
MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

// The access log goes to /dev/null through a real file descriptor, so formatting and write(2) are paid.
let devNull = open("/dev/null", O_WRONLY)
let output = LogOutput.custom { line in _ = line.withUnsafeBytes { write(devNull, $0.baseAddress, $0.count) } }
let level: Logger.Level = mode == "vitals-access-log" ? .info : .warning
let handler = JSONLogHandler(label: "bench", service: "bench", environment: "bench", level: level, output: output)
let logger = Logger(label: "bench", factory: { _ in handler })

let router = Router()
switch mode {
case "bare": break
case "hummingbird-metrics": router.add(middleware: MetricsMiddleware())
case "vitals", "vitals-access-log":
    router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: SignalRegistry(prometheus: registry))))
default:
    print("unknown mode \(mode)")
    exit(2)
}
router.get("/orders/{id}") { _, _ in "ok" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
try await app.runService()
