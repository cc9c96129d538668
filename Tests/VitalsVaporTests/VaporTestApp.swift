import Foundation
import InMemoryTracing
import Logging
import ServiceContextModule
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
        let middleware = VitalsVaporMiddleware(
            metrics: HTTPServerMetrics(signals: self.signals),
            tracer: self.tracer,
            logger: Logger(label: "app", factory: { _ in handler })
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
    var records: [[String: Any]] {
        self.lines.all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    func exposition() async -> ExpositionSamples { ExpositionSamples(await self.signals.exposition()) }
}
