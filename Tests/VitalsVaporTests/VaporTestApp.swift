import InMemoryTracing
import Logging
import Tracing
import Vapor
import Vitals
import VitalsTestSupport
import VitalsVapor

/// A small Vapor service wired as docs/vapor.md says, with everything observable.
struct VaporTestApp {
    struct DatabaseExploded: Error, CustomStringConvertible {
        var description: String { "constraint violated on table users: password_hash=SECRET-HASH" }
    }

    let signals = SignalRegistry()
    let health = HealthRegistry(cacheTTL: .zero)
    let lines = CapturedLines()
    let tracer = InMemoryTracer()

    /// Instruments `app` and adds the service's routes.
    func configure(_ app: Application) {
        let middleware = VitalsVaporMiddleware(
            metrics: HTTPServerMetrics(signals: self.signals),
            tracer: self.tracer,
            logger: self.lines.jsonLogger()
        )
        app.useVitals(health: self.health, signals: self.signals, middleware: middleware)
        app.get("orders", ":id") { request async throws -> String in
            let id = try request.parameters.require("id", as: Int.self)
            request.logger.info("Order read")
            return "order \(id)"
        }
        app.get("bad") { _ async throws -> String in throw Abort(.badRequest, reason: "limit must be positive") }
        app.get("boom") { _ async throws -> String in throw DatabaseExploded() }
        app.get("files", "**") { _ in "file" }
    }

    /// The JSON log records written so far.
    var records: [[String: Any]] { self.lines.records }

    func exposition() async -> ExpositionSamples { ExpositionSamples(await self.signals.exposition()) }
}
