import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing
import Vitals
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport
import VitalsTesting
import VitalsWatcher

/// Targets that accept connections and never answer must not delay anyone else's probes.
@Suite(.timeLimit(.minutes(3))) struct IsolationTests {
    @Test func fiftyBlackholedTargetsDoNotDelayAThousandHealthyOnes() async throws {
        let router = Router()
        router.get("health/live") { _, _ in "ok" }
        let server = try await LocalServer.start(router)
        defer { server.stop() }
        let blackhole = try BlackholeListener()

        var yaml = "watcher: { listen: \"127.0.0.1:0\", evaluate_every: 5s }\ndefaults: { interval: 3s, timeout: 2s }\nworkloads:\n"
        for index in 0..<1000 { yaml += "  healthy-\(index): { kind: api, live: \"http://127.0.0.1:\(server.port)/health/live?n=\(index)\" }\n" }
        for index in 0..<50 { yaml += "  blackholed-\(index): { kind: api, live: \"http://127.0.0.1:\(blackhole.port)/health/live?n=\(index)\" }\n" }
        let spec = try SpecLoader.parse(yaml, file: "vitals.yml", environment: [:])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("isolation-\(UUID().uuidString)")
        let store = try SQLiteStore(path: directory.appendingPathComponent("vitals.db").path)
        let signals = SignalRegistry()
        let watcher = try await Watcher(spec: spec, store: store, signals: signals, health: HealthRegistry(), logger: WatcherFixture.quiet)
        let group = ServiceGroup(configuration: .init(services: watcher.services, logger: WatcherFixture.quiet))
        let running = Task { try await group.run() }

        try await Task.sleep(for: .seconds(14))
        let exposition = ExpositionSamples(await signals.exposition())
        // Evaluated now rather than read from the loop's last cycle, which may predate the third failure.
        let evaluation = try await watcher.evaluator.evaluated(now: Date())
        await group.triggerGracefulShutdown()
        _ = await running.result

        let buckets = exposition.matching("vitals_check_start_lag_seconds_bucket")
        let total = try #require(buckets.first { $0.labels["le"] == "+Inf" }?.value)
        let withinOneSecond = try #require(buckets.first { Double($0.labels["le"] ?? "") == 1 }?.value)
        // Four slots of 3 s each for 1,050 checks: at least 3,000 starts, all on time but a sliver.
        #expect(total >= 3000, "only \(total) checks started")
        #expect(withinOneSecond / total >= 0.99, "start lag p99 ≥ 1 s: \(withinOneSecond) of \(total) within 1 s")
        #expect((exposition.value("vitals_probes_total", ["outcome": "timeout"]) ?? 0) >= 100, "the blackholed probes ran and timed out")
        #expect((exposition.value("vitals_probes_total", ["outcome": "ok"]) ?? 0) >= 3000)
        #expect(evaluation.diagnoses["blackholed-7"]?.map(\.id) == [.apiDown])
        #expect(evaluation.diagnoses["healthy-7"] == [])
    }
}
