import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import VitalsProcess
import VitalsTestSupport

/// The watcher watched: its outbound heartbeat after healthy cycles, and its own signals on `/metrics`.
@Suite(.timeLimit(.minutes(3))) struct SelfMonitoringTests {
    @Test func healthyCyclesPingTheHeartbeatAndMetricsShowTheLoop() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("self-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try CrashDurabilityTests.freePort()
        try """
        watcher: { listen: "127.0.0.1:\(port)", storage: "sqlite:\(directory.path)/vitals.db", evaluate_every: 200ms, heartbeat: "http://127.0.0.1:\(receiver.port)/heartbeat" }
        workloads:
          nightly: { kind: job, schedule: "0 3 * * *" }
        """.write(to: directory.appendingPathComponent("vitals.yml"), atomically: true, encoding: .utf8)
        let server = try await ServerProcess.start(directory: directory, port: port)
        defer { server.kill() }
        try await Task.sleep(for: .seconds(2))
        #expect(receiver.requests.filter { $0.path == "/heartbeat" }.count >= 3, "a heartbeat per healthy cycle")

        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(5))
        let samples = ExpositionSamples(String(buffer: try await response.body.collect(upTo: 1 << 20)))
        #expect((samples.value("vitals_evaluations_total", ["outcome": "ok"]) ?? 0) >= 3)
        #expect(samples.value("vitals_evaluations_total", ["outcome": "failed"]) == 0)
        #expect((samples.value("vitals_evaluation_duration_seconds_count") ?? 0) >= 3)
        #expect(samples.value("vitals_scheduler_lag_seconds").map { $0 >= 0 && $0 < 1 } == true)
        #expect(samples.value("vitals_outbox_depth") == 0)
        #expect(samples.value("vitals_heartbeat_failures_total") == 0)
        #expect(samples.value("vitals_pings_accepted_total") == 0)
    }
}
