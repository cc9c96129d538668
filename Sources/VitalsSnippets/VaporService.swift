import Logging
import ServiceLifecycle
import Vapor
import Vitals
import VitalsVapor

/// docs/vapor.md: a Vapor 4 service instrumented end to end.
func vaporService(database: Database, orders: Orders) async throws {
    // snippet
    var configuration = Vitals.Configuration()
    configuration.serviceName = "orders-api"
    // Bootstraps logging, metrics and tracing: do not call Vapor's LoggingSystem.bootstrap(from:) as well.
    let vitals = try Vitals.bootstrap(configuration: configuration)

    let app = try await Application.make(.detect())
    app.useVitals()  // middleware first, /health/* and /metrics, Vapor's own request metrics off

    Vitals.health.register("database", in: .readiness, timeout: .seconds(1)) { try await database.ping() }
    app.get("orders", ":id") { request in
        request.logger.info("Reading order")  // JSON, with request_id, trace_id and span_id
        return try await orders.find(request.parameters.require("id", as: Int.self))
    }

    let server = VaporService(app, onServerRunning: { _ in Vitals.health.markStarted() })
    let group = ServiceGroup(services: vitals.around([server]), gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger)
    try await group.run()
    // end snippet
}
