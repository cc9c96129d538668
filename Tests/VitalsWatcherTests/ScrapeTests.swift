import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import Testing
import Vitals
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport
import VitalsWatcher

/// Scrapes by the running watcher: a target that breaks a limit, answers 500 or serves garbage fails
/// its own scrape, counted and explained, while its neighbour is read normally; and SLO minutes from an
/// earlier run still burn after a restart.
@Suite(.timeLimit(.minutes(2))) struct ScrapeTests {
    static let healthy = """
        # TYPE http_server_request_duration_seconds histogram
        http_server_request_duration_seconds_bucket{http_response_status_code="200",le="0.1"} 5
        http_server_request_duration_seconds_bucket{http_response_status_code="200",le="+Inf"} 5
        http_server_request_duration_seconds_count{http_response_status_code="200"} 5
        http_server_request_duration_seconds_sum{http_response_status_code="200"} 0.2

        """

    @Test func aBrokenTargetFailsItsOwnScrapeCountedAndExplained() async throws {
        let router = Router()
        router.get("ok") { _, _ in Self.healthy }
        router.get("huge") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "#"), count: 11 << 20))) }
        router.get("long-label") { _, _ in "# TYPE up gauge\nup{path=\"\(String(repeating: "x", count: 5000))\"} 1\n" }
        router.get("garbage") { _, _ in "<html>not metrics</html>\n" }
        router.get("error") { _, _ in Response(status: .internalServerError) }
        let server = try await LocalServer.start(router)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let yaml = """
            watcher: { listen: "127.0.0.1:0" }
            defaults: { interval: 1s, timeout: 1s }
            workloads:
              ok: { kind: api, metrics: "\(base)/ok", failure_threshold: 2 }
              # 11 MB within one deadline over headers and body: more time than the others on a loaded machine.
              huge: { kind: api, metrics: "\(base)/huge", interval: 2s, timeout: 2s, failure_threshold: 2 }
              long-label: { kind: api, metrics: "\(base)/long-label", failure_threshold: 2 }
              garbage: { kind: api, metrics: "\(base)/garbage", failure_threshold: 2 }
              error: { kind: api, metrics: "\(base)/error", failure_threshold: 2 }
            """
        let spec = try SpecLoader.parse(yaml, file: "vitals.yml", environment: [:])
        let store = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("scrape-\(UUID().uuidString)/vitals.db").path)
        let signals = SignalRegistry()
        let watcher = try await Watcher(spec: spec, store: store, signals: signals, health: HealthRegistry(), logger: WatcherFixture.quiet)
        let group = ServiceGroup(configuration: .init(services: watcher.services, logger: WatcherFixture.quiet))
        let running = Task { try await group.run() }
        // The scrapes run over real sockets every 1–2 s: wait until each broken target has failed its
        // threshold — a minute at most, for a loaded machine — rather than a fixed time that a slow
        // 11 MB scrape can outlast.
        let broken = ["huge", "long-label", "garbage", "error"]
        var evaluation = try await watcher.evaluator.evaluated(now: Date())
        var polls = 0
        while polls < 120, !broken.allSatisfy({ name in evaluation.diagnoses[name]?.contains { $0.id == .unknown } == true }) {
            try await Task.sleep(for: .milliseconds(500))
            evaluation = try await watcher.evaluator.evaluated(now: Date())
            polls += 1
        }
        let metrics = ExpositionSamples(await signals.exposition())
        await group.triggerGracefulShutdown()
        _ = await running.result

        func unknown(_ name: String) -> String { evaluation.diagnoses[name]?.first { $0.id == .unknown }?.evidence ?? "none" }
        #expect(evaluation.diagnoses["ok"] == [], "the neighbour is read normally")
        #expect(unknown("huge").contains("the body exceeds 10 MB after decompression (body limit)"), "\(unknown("huge"))")
        #expect(unknown("long-label").contains("label value longer than 4096 bytes (label limit)"), "\(unknown("long-label"))")
        #expect(unknown("garbage").contains("invalid exposition: line 1, column 1"), "\(unknown("garbage"))")
        #expect(unknown("error").contains("answered 500 Internal Server Error"), "\(unknown("error"))")
        #expect((metrics.value("vitals_scrapes_total", ["outcome": "limit"]) ?? 0) >= 4, "two limits, at least twice each")
        #expect((metrics.value("vitals_scrapes_total", ["outcome": "invalid"]) ?? 0) >= 2)
        #expect((metrics.value("vitals_scrapes_total", ["outcome": "failed"]) ?? 0) >= 2)
        #expect((metrics.value("vitals_scrapes_total", ["outcome": "ok"]) ?? 0) >= 2)
    }

    @Test func sloMinutesFromAnEarlierRunStillBurnAfterARestart() async throws {
        let now = Date()
        let minute = Int64(now.timeIntervalSince1970 / 60)
        let store = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("slo-\(UUID().uuidString)/vitals.db").path)
        // An hour at 3% errors against a 99.9% objective: a 30× burn, stored by the watcher before this one.
        try await store.recordRollups(
            (0..<60).map { offset in
                var rollup = MinuteRollup(minute: minute - 60 + Int64(offset))
                rollup.scrapes = 4
                rollup.requests = 1000
                rollup.errors = 30
                return StoredRollup(workload: "orders-api", rollup: rollup)
            },
            forgetBefore: 0
        )
        let spec = try SpecLoader.parse(
            """
            workloads:
              orders-api: { kind: api, metrics: "http://127.0.0.1:9/metrics", slo: { availability: 99.9% } }
            """,
            file: "vitals.yml",
            environment: [:]
        )
        let watcher = try await Watcher(
            spec: spec,
            store: store,
            signals: SignalRegistry(),
            health: HealthRegistry(),
            logger: WatcherFixture.quiet,
            time: .at(now)
        )
        let evaluation = try await watcher.evaluator.evaluated(now: now)
        let burn = evaluation.diagnoses["orders-api"]?.first { $0.id == .apiSLOBurn }
        #expect(burn?.severity == .critical)
        #expect(burn?.evidence.hasPrefix("availability: burning 30.0× over 1h") == true, "\(burn?.evidence ?? "none")")
    }
}
