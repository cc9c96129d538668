import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitalsCore
import VitalsProcess
import VitalsTestSupport

@testable import VitalsWatcher

/// Issue 13's defects 13, 16 and 17 as people see them: credentials inside URLs (written in the spec, or
/// substituted from the environment) never reach the status page, the API, a notification or
/// `vitals check`; a runbook is a link only when it is http(s); an alert whose workload left the spec ends.
@Suite struct OutputRedactionTests {
    static let password = "hunter2-canary"
    static let token = "tok3n-canary"
    let day1At3 = WatcherFixture.date("2026-11-22T03:00:00Z")

    func spec(_ receiver: WebhookReceiver) -> String {
        """
        watcher: { listen: "127.0.0.1:0", api_token: test-api-token-0000001 }
        notify:
          - name: hook
            webhook: { url: "http://127.0.0.1:\(receiver.port)/hook" }
        workloads:
          orders-worker:
            kind: worker
            metrics: "http://scraper:\(Self.password)@127.0.0.1:1/metrics?token=\(Self.token)"
            runbook: "https://wiki.example/orders?token=\(Self.token)"
            failure_threshold: 1
        """
    }

    @Test func credentialsInURLsAreRedactedInEveryOutput() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(self.spec(receiver))
        // What the scraper records when the target is unreachable: the evidence names the URL.
        fixture.watcher.observer.board.recordScrapeFailure("connection refused", workload: "orders-worker", at: self.day1At3)
        let evaluation = try await fixture.cycle(at: self.day1At3.addingTimeInterval(1))
        fixture.watcher.latest.set(evaluation)
        let evidence = try #require(evaluation.diagnoses["orders-worker"]?.first?.evidence)
        #expect(evidence.contains("cannot scrape http://<redacted>@127.0.0.1:1/metrics?token=<redacted>"), "\(evidence)")

        var outputs: [String: String] = [:]
        outputs["notification"] = receiver.requests.map { String(decoding: $0.data, as: UTF8.self) }.joined()
        let pages = try await fixture.watcher.application.test(.router) { client in
            var pages: [String: String] = [:]
            for path in ["/", "/workloads/orders-worker", "/api/v1/workloads", "/api/v1/alerts"] {
                pages[path] = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer test-api-token-0000001"]) {
                    String(buffer: $0.body)
                }
            }
            return pages
        }
        outputs.merge(pages) { $1 }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("vitals.yml")
        try self.spec(receiver).replacingOccurrences(of: Self.password, with: "${SCRAPE_PASSWORD}").write(to: file, atomically: true, encoding: .utf8)
        let check = try await ChildProcess.run(
            try #require(CrashDurabilityTests.executable),
            ["check", file.path],
            environment: ["SCRAPE_PASSWORD": Self.password]
        )
        #expect(check.status == 0, "\(check.errors)")
        outputs["vitals check"] = check.output + check.errors

        #expect(outputs.count == 6)
        for (place, text) in outputs {
            #expect(!text.isEmpty, "\(place) said something")
            #expect(!text.contains(Self.password) && !text.contains(Self.token), "\(place) shows a credential")
        }
        #expect(outputs["notification"]?.contains("127.0.0.1:1/metrics") == true, "the URL is still named, without its secrets")
    }

    @Test func onlyHTTPLinksAreRendered() {
        #expect(HTML.link("https://wiki.example/r?a=1&b=2", "runbook") == "<a href=\"https://wiki.example/r?a=1&amp;b=2\">runbook</a>")
        #expect(HTML.link("javascript:alert(1)", "runbook") == "runbook")
        #expect(HTML.link("JaVaScRiPt:alert(1)", "runbook") == "runbook")
        #expect(HTML.link("data:text/html,<script>", "<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;")
    }

    /// A workload removed from the spec while its alert fires: the restarted watcher resolves the alert and
    /// says so, instead of leaving it firing (and Alertmanager refreshed) forever.
    @Test func anAlertOfARemovedWorkloadIsResolvedAfterARestart() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await fixture.ping("nightly", .start, at: self.day1At3)
        try await fixture.ping("nightly", .finish(exitStatus: 1), at: self.day1At3.addingTimeInterval(60))
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.day1At3)
        let fired = try await fixture.cycle(at: self.day1At3.addingTimeInterval(120))
        #expect(fired.alerts.keys.contains { $0.workload == "nightly" })

        let without = """
            watcher: { listen: "127.0.0.1:0", api_token: test-api-token-0000001 }
            notify:
              - name: hook
                webhook: { url: "http://127.0.0.1:\(receiver.port)/hook" }
            workloads:
              sync: { kind: worker, heartbeat: true, progress_within: 1h, notify: [hook] }
            """
        let restarted = try await fixture.restarted(with: without, now: self.day1At3.addingTimeInterval(180))
        let evaluation = try await restarted.cycle(at: self.day1At3.addingTimeInterval(180))
        #expect(!evaluation.alerts.keys.contains { $0.workload == "nightly" }, "nothing of it left firing")
        let resolved = receiver.requests.filter { ($0.body["status"] as? String) == "resolved" }
        #expect(resolved.contains { ($0.body["workload"] as? String) == "nightly" }, "the end is told: \(receiver.requests.map(\.body))")
    }
}
