import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing
import Tracing

@testable import Vitals
@testable import VitalsHummingbird

/// With a ratio below 1, the traces that failed or were slow still leave the process, whole, and the
/// others are dropped; exemplars only ever name traces that left.
@Suite struct TraceKeepingTests {
    struct CardDeclined: Error {}

    static func traceID(_ digit: Character) -> String { String(repeating: digit, count: 31) + "1" }
    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
    }

    @Test func failedAndSlowTracesAreExportedWhateverTheRatioAndTheRestAreNot() async throws {
        let received = Mutex<[UInt8]>([])
        let collectorRouter = Router()
        collectorRouter.post("/v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            received.withLock { $0 += Array(buffer: body) }
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"])
        }
        let collector = Application(router: collectorRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let signals = SignalRegistry()
        var configuration = Vitals.Configuration.named("orders-api")
        configuration.traceSampleRatio = 0
        configuration.keepTracesSlowerThan = .milliseconds(300)
        let keeping = configuration
        let exposition = Mutex("")
        try await collector.test(.live) { collectorClient in
            let tracing = try Vitals.makeTracing(endpoint: "http://127.0.0.1:\(collectorClient.port!)/v1/traces", configuration: keeping)
            let dependencies = Dependencies(signals: signals, tracer: tracing.tracer)
            let router = Router()
            router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: signals), tracer: tracing.tracer))
            router.addVitalsRoutes(health: HealthRegistry(), signals: signals)
            router.get("/fast") { _, _ -> String in
                try await dependencies.database(system: "postgresql", operation: "SELECT", server: "orders-db") { "ok" }
            }
            router.get("/slow") { _, _ -> String in
                try await dependencies.database(system: "postgresql", operation: "SELECT", server: "orders-db") {
                    try await Task.sleep(for: .milliseconds(350))
                    return "ok"
                }
            }
            router.post("/charge") { _, _ -> String in
                try await dependencies.database(system: "postgresql", operation: "UPDATE", server: "orders-db") { throw CardDeclined() }
            }
            let group = ServiceGroup(services: [tracing.service], logger: Logger(label: "otel", factory: { _ in SwiftLogNoOpLogHandler() }))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await Application(router: router).test(.router) { client in
                    for (path, method, digit) in [("/fast", HTTPRequest.Method.get, "a"), ("/slow", .get, "b"), ("/charge", .post, "c")] {
                        let traceparent = "00-\(Self.traceID(Character(digit)))-00f067aa0ba902b7-01"
                        try await client.execute(uri: path, method: method, headers: [HTTPField.Name("traceparent")!: traceparent]) { _ in }
                    }
                    try await client.execute(uri: "/metrics", method: .get, headers: [.accept: ExemplarTests.prometheusAccept]) { response in
                        exposition.withLock { $0 = String(buffer: response.body) }
                    }
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
        let exported = received.withLock { $0 }
        #expect(!exported.contains(Self.bytes(Self.traceID("a"))), "a fast, successful trace outside the ratio is dropped")
        #expect(exported.contains(Self.bytes(Self.traceID("b"))), "a slow one is kept")
        #expect(exported.contains(Self.bytes(Self.traceID("c"))), "a failed one is kept")
        #expect(exported.contains(Array("UPDATE orders-db".utf8)), "with its database span: kept traces are whole")
        #expect(exported.contains(Array("POST /charge".utf8)))

        let metrics = exposition.withLock { $0 }
        #expect(!metrics.contains(Self.traceID("a")), "no exemplar names a trace that was not exported")
        #expect(metrics.contains(Self.traceID("b")) && metrics.contains(Self.traceID("c")), "\(metrics)")
    }

    @Test func aTraceIsDecidedWhenItsLastLocalSpanEnds() {
        let held = HeldTraces(limit: 2)
        let exported = Mutex<[String]>([])
        func export(_ name: String) -> @Sendable () -> Void { { exported.withLock { $0.append(name) } } }
        #expect(held.open("t1") && held.open("t1"), "a root and its child")
        held.ended("t1", keep: false, export: export("child"))
        #expect(exported.withLock { $0 }.isEmpty, "held while the root is open")
        held.keep("t1")
        held.ended("t1", keep: false, export: export("root"))
        #expect(exported.withLock { $0 } == ["child", "root"], "kept: everything held leaves, in the order it ended")
        #expect(held.count == 0)

        #expect(held.open("t2"))
        held.ended("t2", keep: false, export: export("dropped"))
        #expect(!exported.withLock { $0 }.contains("dropped") && held.count == 0, "neither failed nor slow: dropped, forgotten")

        #expect(held.open("t3") && held.open("t4"))
        #expect(!held.open("t5"), "past the limit a trace is not held (its spans are exported as they end)")
    }

    @Test(arguments: [(0.0, 0), (0.25, 250), (0.5, 500), (1.0, 1000)])
    func theRatioKeepsItsShareOfRandomTraceIDs(ratio: Double, expected: Int) {
        let keeping = TraceKeeping(ratio: ratio, slowerThan: nil)
        var generator = SystemRandomNumberGenerator()
        let kept = (0..<1000).filter { _ in
            keeping.keeps(traceID: (0..<32).map { _ in String(Int.random(in: 0..<16, using: &generator), radix: 16) }.joined())
        }.count
        #expect(abs(kept - expected) <= 60, "\(kept) of 1000 at \(ratio)")
        #expect(keeping.keeps(traceID: "x", failed: true, seconds: 0), "a failed trace whatever the ratio")
    }
}
