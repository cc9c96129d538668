// The Vapor side of scripts/bench-library: one route, served bare (no middleware, no metrics), with Vapor's
// own request metrics on a swift-prometheus registry (the peer), or with `app.useVitals()`, so wrk can
// compare what each adds per request.
import Foundation
import Logging
import Metrics
import Prometheus
import Vapor
import Vitals
import VitalsVapor

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[2]) else {
    print("usage: bench-vapor-server vapor-bare|vapor-metrics|vapor-vitals PORT")
    exit(2)
}
let mode = arguments[1]
let registry = PrometheusCollectorRegistry()
MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
// Logs at warning: the comparison is of metrics and tracing work, not of access lines.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

var environment = Environment.production
environment.arguments = ["bench"]
let app = try await Application.make(environment)
app.http.server.configuration.hostname = "127.0.0.1"
app.http.server.configuration.port = port
app.middleware = Middlewares()
switch mode {
case "vapor-bare": app.http.server.configuration.reportMetrics = false
case "vapor-metrics": app.http.server.configuration.reportMetrics = true
case "vapor-vitals":
    app.useVitals(
        signals: SignalRegistry(prometheus: registry),
        middleware: VitalsVaporMiddleware(metrics: HTTPServerMetrics(signals: SignalRegistry(prometheus: registry)))
    )
default:
    print("unknown mode \(mode)")
    exit(2)
}
app.get("orders", ":id") { _ in "ok" }
try await app.execute()  // Vapor's serve command, on the configured address, until killed
