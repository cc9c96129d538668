import Foundation
import Testing
import VitalsCore

@Suite struct SpecLoaderTests {
    static let design = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/valid/design.yml")
    static let environment = ["VITALS_PING_KEY": "0123456789abcdef0123", "SLACK_WEBHOOK_URL": "https://hooks.slack.example/T0/B0/secretpart"]

    @Test func theDesignSpecLoadsWithDefaultsFilledIn() throws {
        let spec = try SpecLoader.load(path: Self.design.path, environment: Self.environment)
        #expect(spec.workloads.map(\.name) == ["orders-api", "orders-worker", "nightly-report"])
        #expect(spec.watcher.pingKey?.value == "0123456789abcdef0123")
        #expect(spec.notify.map(\.kind) == [.slack, .webhook, .alertmanager])
        #expect(spec.notify[1].severities == [.critical])

        #expect(spec.workloads[0].kind == .api)
        #expect(spec.workloads[0].interval == .seconds(15))
        let api = try #require(spec.workloads[0].api)
        #expect(api.synthetic.first?.json.map { "\($0.path): \($0.expectation)" } == ["$.items: array"])
        #expect(api.synthetic.first?.latencyBelow == .milliseconds(300))
        #expect(api.slo?.availability == 0.999)
        #expect(api.slo?.latencyTarget == 0.99)
        #expect(api.slo?.window == .seconds(30 * 86_400))

        let worker = try #require(spec.workloads[1].worker)
        #expect(worker.progressWithin == .seconds(300))
        #expect(worker.backlogMaxAge == .seconds(600))

        let job = try #require(spec.workloads[2].job)
        #expect(job.schedule.timeZone.identifier == "Europe/Berlin")
        #expect(job.grace == .seconds(1800))
        #expect(job.maxDuration == .seconds(1200))
        #expect(job.minRecords == 1)
        let next = try #require(job.schedule.next(after: ISO8601DateFormatter().date(from: "2026-11-22T12:00:00Z")!))
        #expect(ISO8601DateFormatter().string(from: next) == "2026-11-23T02:00:00Z", "03:00 in Berlin (CET)")
    }

    @Test func theSummaryNeverPrintsSecrets() throws {
        let summary = SpecSummary.render(try SpecLoader.load(path: Self.design.path, environment: Self.environment))
        #expect(!summary.contains("0123456789abcdef0123"))
        #expect(!summary.contains("secretpart"))
        #expect(summary.contains("ping_key: <secret>"))
        #expect(summary.contains("schedule: \"0 3 * * *\""))
        #expect(summary.contains("  evaluate_every: 5s\n  external_url: http://127.0.0.1:9100\n"), "defaults shown")
        #expect(summary.contains("    for: 0s\n    resolve_after: 1m\n    notify: all channels\n"))
    }

    @Test func variablesAreScalarsOnly() throws {
        let yaml = """
            workloads:
              api:
                kind: api
                ready: ${READY_URL:-http://127.0.0.1:8080/health/ready}
                synthetic:
                  - post: http://127.0.0.1:8080/orders
                    body: ${BODY}
            """
        let injected = "x\n  live: http://evil.example/\nkind: job"
        let spec = try SpecLoader.parse(yaml, file: "v.yml", environment: ["BODY": injected])
        #expect(spec.workloads.count == 1)
        #expect(spec.workloads[0].api?.synthetic.first?.body == injected, "the whole value, verbatim, as one string")
        #expect(spec.workloads[0].endpoints?.live == nil, "no structure came from the variable")
        #expect(spec.workloads[0].endpoints?.ready == "http://127.0.0.1:8080/health/ready", "the default applies")
    }

    @Test func aMissingFileSaysSo() {
        #expect(throws: SpecErrors.self) { try SpecLoader.load(path: "/nonexistent/vitals.yml", environment: [:]) }
    }
}
