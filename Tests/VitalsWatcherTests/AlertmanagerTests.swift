import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import VitalsCore
import VitalsWatcher

/// Alertmanager as a channel, against a real Alertmanager (Debian prometheus-alertmanager) that the test
/// starts on a loopback port: alerts arrive with labels, annotations, startsAt/endsAt and generatorURL,
/// are kept alive while firing, and end when resolved.
@Suite(.timeLimit(.minutes(3))) struct AlertmanagerTests {
    let day1At3 = WatcherFixture.date("2026-11-22T03:00:00Z")

    func alerts(_ port: Int) async throws -> [[String: Any]] {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v2/alerts?active=true&silenced=false&inhibited=false"),
            timeout: .seconds(5)
        )
        let body = try await response.body.collect(upTo: 1 << 20)
        return (try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]]) ?? []
    }

    @Test func firingAndResolvedAlertsReachARealAlertmanager() async throws {
        let binary = try #require(
            RealExpositionTests.binary("prometheus-alertmanager"),
            "apt-get install prometheus-alertmanager (scripts/test does)"
        )
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("am-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "route: { receiver: none }\nreceivers: [{ name: none }]\n".write(
            to: directory.appendingPathComponent("alertmanager.yml"),
            atomically: true,
            encoding: .utf8
        )
        let port = try CrashDurabilityTests.freePort()
        let alertmanager = try await ServerProcess.start(
            binary,
            [
                "--config.file=\(directory.path)/alertmanager.yml", "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
                "--storage.path=\(directory.path)/data",
            ],
            port: port,
            readyPath: "/-/ready"
        )
        defer { alertmanager.kill() }

        let yaml = """
            watcher: { listen: "127.0.0.1:0", external_url: "https://vitals.example" }
            notify:
              - { name: am, alertmanager: { url: "http://127.0.0.1:\(port)" } }
            workloads:
              nightly: { kind: job, schedule: "0 3 * * *", runbook: "https://wiki.example/nightly", resolve_after: 0s }
            """
        // The watcher's clock is the real one here: Alertmanager judges startsAt/endsAt against its own.
        let now = Date()
        let fixture = try await WatcherFixture.make(yaml, now: now.addingTimeInterval(-3600))
        try await fixture.ping("nightly", .finish(exitStatus: 2), at: now.addingTimeInterval(-60), body: "disk full\n")
        try await fixture.cycle(at: now)

        var alerts = try await self.alerts(port)
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        let labels = alert["labels"] as? [String: String]
        #expect(labels == ["alertname": "job.failed", "workload": "nightly", "diagnosis": "job.failed", "severity": "critical", "kind": "job"])
        let annotations = alert["annotations"] as? [String: String]
        #expect(annotations?["runbook_url"] == "https://wiki.example/nightly")
        #expect(annotations?["description"]?.contains("exit 2") == true && annotations?["description"]?.contains("disk full") == true)
        #expect(alert["generatorURL"] as? String == "https://vitals.example/workloads/nightly")
        let endsAt = try #require((alert["endsAt"] as? String).flatMap { ISO8601DateFormatter().date(from: String($0.prefix(19)) + "Z") })
        #expect(endsAt > now.addingTimeInterval(240), "held for five minutes, refreshed every minute")

        // The refresh moves endsAt on, so a long incident does not time out in Alertmanager.
        try await fixture.watcher.notifier.refreshAlertmanager(now: now.addingTimeInterval(120))
        alerts = try await self.alerts(port)
        let refreshed = try #require((alerts.first?["endsAt"] as? String).flatMap { ISO8601DateFormatter().date(from: String($0.prefix(19)) + "Z") })
        #expect(refreshed > endsAt.addingTimeInterval(100))

        // A good run resolves it; Alertmanager no longer lists it as active.
        // (On the wall clock: Alertmanager ignores a resolve whose endsAt is still in its future.)
        try await fixture.ping("nightly", .finish(exitStatus: 0), at: Date(), records: 10)
        try await fixture.cycle(at: Date())
        #expect(try await self.alerts(port).isEmpty)
    }
}
