import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Synchronization
import Testing
import Tracing

@testable import Vitals
@testable import VitalsHummingbird

/// One redaction policy for everything that leaves the process, with the log handler's canaries: health
/// answers, spans as a real OTLP/HTTP receiver gets them, ping bodies, error texts.
@Suite struct RedactionEverywhereTests {
    static let canary = "CANARY-7f3a9c"

    struct ConnectionFailed: Error, CustomStringConvertible {
        var description: String { "connection refused: postgres://inventory:\(RedactionEverywhereTests.canary)@db.internal:5432/inventory" }
    }

    @Test func healthAnswersDoNotCarryCredentialsFromErrorTexts() async throws {
        let health = HealthRegistry(cacheTTL: .zero)
        health.markStarted()
        health.register("database", in: .readiness) { throw ConnectionFailed() }
        let router = Router()
        router.addVitalsRoutes(health: health, signals: SignalRegistry())
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = String(buffer: response.body)
                #expect(!body.contains(Self.canary), "\(body)")
                #expect(body.contains("postgres://<redacted>@db.internal"), "what failed stays readable: \(body)")
            }
        }
    }

    @Test func exportedSpansDoNotCarryCredentialsWhicheverCodeWroteThem() async throws {
        let received = Mutex<[UInt8]>([])
        let collectorRouter = Router()
        collectorRouter.post("/v1/traces") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 4 << 20)
            received.withLock { $0 += Array(buffer: body) }
            return .ok
        }
        let collector = Application(router: collectorRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await collector.test(.live) { collectorClient in
            let tracing = try Vitals.makeTracing(endpoint: "http://127.0.0.1:\(collectorClient.port!)/v1/traces", configuration: .named("inventory"))
            let tracer = tracing.tracer
            let router = Router()
            router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: SignalRegistry()), tracer: tracer))
            router.get("/stock") { _, _ -> String in
                // Application code writing secrets into a span of its own, as attributes, an event and a status.
                tracer.withSpan("db.query", ofKind: .client) { span in
                    span.attributes["db.connection_string"] = "postgres://inventory:\(Self.canary)@db.internal/inventory"
                    span.attributes["db.password"] = "\(Self.canary)"
                    span.attributes["db.rows"] = 3
                    span.addEvent(SpanEvent(name: "retry", attributes: ["authorization": "Bearer \(Self.canary)"]))
                    span.setStatus(SpanStatus(code: .error, message: "auth failed for api_key=\(Self.canary)"))
                }
                throw ConnectionFailed()
            }
            let group = ServiceGroup(services: [tracing.service], logger: Logger(label: "otel", factory: { _ in SwiftLogNoOpLogHandler() }))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await Application(router: router, logger: Logger(label: "app", factory: { _ in SwiftLogNoOpLogHandler() }))
                    .test(.router) { client in
                        try await client.execute(uri: "/stock", method: .get) { #expect($0.status == .internalServerError) }
                    }
                await group.triggerGracefulShutdown()  // flushes the batch
                try await tasks.waitForAll()
            }
        }
        let exported = received.withLock { $0 }
        #expect(exported.contains(Array("GET /stock".utf8)), "the spans were exported")
        #expect(exported.contains(Array("db.query".utf8)))
        #expect(exported.contains(Array("exception".utf8)), "the error is recorded")
        #expect(exported.contains(Array("connection refused: postgres://<redacted>@db.internal".utf8)), "what failed stays readable")
        #expect(!exported.contains(Array(Self.canary.utf8)), "no canary in what the receiver got")
    }

    @Test func pingBodiesDoNotCarryCredentials() async throws {
        let received = JobPingTests.Received()
        try await JobPingTests().watcher(received).test(.live) { client in
            let jobs = JobMonitor(signals: SignalRegistry(), ping: .slug(base: "http://127.0.0.1:\(client.port!)", pingKey: "k"))
            await #expect(throws: ConnectionFailed.self) { try await jobs.run("inventory-sync") { _ in throw ConnectionFailed() } }
        }
        let failure = try #require(received.pings.withLock { $0.last })
        #expect(failure.path == "/ping/k/inventory-sync/1")
        #expect(!failure.body.contains(Self.canary), "\(failure.body)")
        #expect(failure.body.contains("connection refused"))
    }

    @Test func spanAttributesUnderSecretKeysAreHiddenAndNumbersKept() {
        let redactor = Redactor()
        let attributes = redactor.redact(
            ["session.token": "abc", "db.rows": 3, "url": "https://u:\(Self.canary)@h/", "tags": .stringArray(["Bearer \(Self.canary)"])]
        )
        #expect(attributes["session.token"]?.toSpanAttribute() == "<redacted>")
        #expect(attributes["db.rows"]?.toSpanAttribute() == 3)
        #expect(attributes["url"]?.toSpanAttribute() == "https://<redacted>@h/")
        #expect(!"\(attributes)".contains(Self.canary))
    }
}
