import Foundation
import Testing
import VitalsCore
import VitalsProcess

/// What people receive: grouping, idempotency keys, bodies, routing, silences and retry timing.
@Suite struct NotificationTests {
    let since = Date(timeIntervalSince1970: 1_795_000_000)

    func notification(
        _ diagnosis: Diagnosis.ID,
        _ event: AlertNotification.Event = .fire,
        severity: Severity = .critical,
        evidence: String = "exit 1"
    ) -> AlertNotification {
        AlertNotification(
            key: AlertKey(workload: "nightly", diagnosis: diagnosis),
            event: event,
            severity: severity,
            evidence: evidence,
            since: self.since
        )
    }

    @Test func aGroupHasOneTitleAndAKeyThatDoesNotDependOnOrder() {
        let a = self.notification(.jobNotRunning)
        let b = self.notification(.jobStale, severity: .warning)
        let c = self.notification(.jobFailed, .resolve)
        let message = NotificationMessage(workload: "nightly", runbook: nil, statusURL: "http://w/workloads/nightly", notifications: [a, b, c])
        let reordered = NotificationMessage(workload: "nightly", runbook: nil, statusURL: "http://w/workloads/nightly", notifications: [c, a, b])
        #expect(message.title == "nightly: 2 firing, 1 resolved")
        #expect(message.status == "firing")
        #expect(message.idempotencyKey == reordered.idempotencyKey)
        #expect(
            message.idempotencyKey != NotificationMessage(workload: "nightly", runbook: nil, statusURL: "", notifications: [a, b]).idempotencyKey
        )
        let single = NotificationMessage(workload: "nightly", runbook: nil, statusURL: "", notifications: [a])
        #expect(single.idempotencyKey == "nightly/job.not_running/1795000000/fire")
        #expect(single.title == "nightly: job.not_running firing (critical)")
    }

    @Test func theWebhookBodyCarriesEveryFactAndTheSlackBodyIsEscaped() throws {
        let message = NotificationMessage(
            workload: "nightly",
            runbook: "https://wiki.example/nightly",
            statusURL: "http://w/workloads/nightly",
            notifications: [self.notification(.jobFailed, evidence: "exit 2; output: <b>&ok</b>")]
        )
        let body = try #require(try JSONSerialization.jsonObject(with: message.webhookBody()) as? [String: Any])
        #expect(Set(body.keys) == ["version", "workload", "status", "title", "idempotency_key", "status_url", "runbook", "alerts"])
        let alert = try #require((body["alerts"] as? [[String: Any]])?.first)
        #expect(alert["since"] as? String == "2026-11-18T11:06:40Z")
        #expect(alert["evidence"] as? String == "exit 2; output: <b>&ok</b>", "JSON keeps the text as it is")
        let slack = try #require(try JSONSerialization.jsonObject(with: message.slackBody()) as? [String: String])
        #expect(slack["text"]?.contains("exit 2; output: &lt;b&gt;&amp;ok&lt;/b&gt;") == true)
        #expect(slack["text"]?.contains("<https://wiki.example/nightly|runbook>") == true)
    }

    @Test func routingFollowsTheWorkloadsChannelsAndEachChannelsSeverities() throws {
        let spec = try SpecLoader.parse(
            """
            notify:
              - { name: ops, webhook: { url: "https://hooks.example/ops" } }
              - { name: pager, webhook: { url: "https://pager.example/hook" }, severities: [critical] }
            workloads:
              nightly: { kind: job, schedule: "0 3 * * *" }
              quiet: { kind: job, schedule: "0 4 * * *", notify: [ops], for: 0s, resolve_after: 10m }
            """,
            file: "vitals.yml",
            environment: [:]
        )
        let nightly = spec.workloads[0]
        let quiet = spec.workloads[1]
        #expect(NotificationRouting.channels(for: self.notification(.jobFailed), workload: nightly, channels: spec.notify) == ["ops", "pager"])
        #expect(
            NotificationRouting.channels(for: self.notification(.jobStale, severity: .warning), workload: nightly, channels: spec.notify) == ["ops"]
        )
        #expect(NotificationRouting.channels(for: self.notification(.jobFailed), workload: quiet, channels: spec.notify) == ["ops"])
        #expect(quiet.alertFor == .zero && quiet.resolveAfter == .seconds(600))
        #expect(nightly.alertFor == .zero && nightly.resolveAfter == .seconds(60), "the defaults")
    }

    @Test func silencesCoverTheirWorkloadDiagnosisAndHalfOpenWindow() {
        let silence = Silence(
            workload: "nightly",
            diagnosis: .jobFailed,
            startsAt: self.since,
            endsAt: self.since.addingTimeInterval(3600),
            comment: "",
            createdBy: "ana"
        )
        let failed = AlertKey(workload: "nightly", diagnosis: .jobFailed)
        #expect(silence.covers(failed, at: self.since))
        #expect(!silence.covers(failed, at: self.since.addingTimeInterval(3600)), "ends exclusive")
        #expect(!silence.covers(failed, at: self.since.addingTimeInterval(-1)))
        #expect(!silence.covers(AlertKey(workload: "nightly", diagnosis: .jobStale), at: self.since))
        #expect(!silence.covers(AlertKey(workload: "other", diagnosis: .jobFailed), at: self.since))
        var everything = silence
        everything.diagnosis = nil
        #expect(everything.covers(AlertKey(workload: "nightly", diagnosis: .jobStale), at: self.since))
    }

    @Test func backoffDoublesWithJitterUpToTheCapAndRetryAfterWins() {
        var random = SystemRandomNumberGenerator()
        let backoff = Backoff(base: .seconds(5), cap: .seconds(600))
        for attempts in 1...12 {
            let ceiling = min(5.0 * Double(1 << (attempts - 1)), 600)
            let delays = (0..<200).map { _ in backoff.delay(afterAttempts: attempts, using: &random) }
            #expect(delays.allSatisfy { $0 >= .milliseconds(Int64(ceiling * 500)) && $0 <= .seconds(ceiling) }, "attempt \(attempts)")
            #expect(Set(delays).count > 1, "jittered, not lockstep")
        }
        #expect(backoff.delay(afterAttempts: 1, retryAfter: .seconds(120), using: &random) == .seconds(120))
        #expect(
            backoff.delay(afterAttempts: 10, retryAfter: .seconds(1), using: &random) >= .seconds(300),
            "a short Retry-After does not cut the backoff"
        )
    }
}
