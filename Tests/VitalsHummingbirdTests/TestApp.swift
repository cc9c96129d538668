import Foundation
import Hummingbird
import InMemoryTracing
import Logging
import ServiceContextModule
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
        router.get("/bad") { _, _ -> String in throw HTTPError(.badRequest, message: "limit must be positive") }
        router.get("/boom") { _, _ -> String in throw DatabaseExploded() }
        let lines = self.lines
        // What OTel's metadata provider does for its spans, for the in-memory tracer's.
        let provider = Logger.MetadataProvider {
            guard let span = ServiceContext.current?.inMemorySpanContext else { return [:] }
            return ["trace_id": .string(span.traceID), "span_id": .string(span.spanID)]
        }
        let handler = JSONLogHandler(
            label: "app",
            service: "test",
            environment: "test",
            output: .custom { lines.append($0) },
            metadataProvider: provider
        )
        return Application(router: router, logger: Logger(label: "app", factory: { _ in handler }))
    }

    /// The JSON log records written so far.
    var records: [[String: Any]] {
        self.lines.all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    func exposition() async -> ExpositionSamples { ExpositionSamples(await self.signals.exposition()) }
}
