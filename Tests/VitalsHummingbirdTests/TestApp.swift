import Hummingbird
import Logging
import Tracing
import Vitals
import VitalsHummingbird
import VitalsProcess
import VitalsTestSupport

/// A small instrumented service, the way a user would wire one, with everything observable.
struct TestApp {
    struct DatabaseExploded: Error, CustomStringConvertible {
        var description: String { "constraint violated on table users: password_hash=SECRET-HASH" }
    }

    let signals = SignalRegistry()
    let health = HealthRegistry(cacheTTL: .zero)
    let lines = CapturedLines()

    func application(tracer: (any Tracer)? = nil) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: self.signals), tracer: tracer))
        router.addVitalsRoutes(health: self.health, signals: self.signals)
        router.get("/orders/{id}") { _, context -> String in
            let id = try context.parameters.require("id", as: Int.self)
            context.logger.info("Order read")
            return "order \(id)"
        }
        let dependencies = Dependencies(signals: self.signals, tracer: tracer)
        router.get("/orders/{id}/items") { _, _ -> String in
            try await dependencies.database(system: "postgresql", operation: "SELECT", server: "orders-db") { "items" }
        }
        router.get("/bad") { _, _ -> String in throw HTTPError(.badRequest, message: "limit must be positive") }
        router.get("/boom") { _, _ -> String in throw DatabaseExploded() }
        return Application(router: router, logger: self.lines.jsonLogger())
    }

    /// The JSON log records written so far.
    var records: [[String: Any]] { self.lines.records }

    func exposition() async -> ExpositionSamples { ExpositionSamples(await self.signals.exposition()) }
}
