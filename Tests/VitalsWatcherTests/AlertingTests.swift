import Foundation
import HTTPTypes
import Testing
import VitalsCore
import VitalsStore
import VitalsWatcher

/// Diagnoses to notifications end to end on a manual clock: real SQLite, real HTTP receivers.
@Suite struct AlertingTests {
    let day1At3 = WatcherFixture.date("2026-11-22T03:00:00Z")
    func at(_ minutes: Double, after base: Date? = nil) -> Date { (base ?? self.day1At3).addingTimeInterval(minutes * 60) }

    /// A failed nightly run at 03:00–03:02.
    func failRun(_ fixture: WatcherFixture) async throws {
        try await fixture.ping("nightly", .start, at: self.at(0))
        try await fixture.ping("nightly", .finish(exitStatus: 1), at: self.at(2), body: "loading…\nERROR: connection refused <db:5432>\n")
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.at(2))
    }

    @Test func aFailedRunNotifiesEachChannelOnceWithEvidenceAndIdempotencyKey() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await self.failRun(fixture)
        let evaluation = try await fixture.cycle(at: self.at(3))
        #expect(evaluation.diagnoses["nightly"]?.map(\.id) == [.jobFailed])

        let hook = receiver.requests.filter { $0.path == "/hook" }
        let slack = receiver.requests.filter { $0.path == "/slack" }
        #expect(hook.count == 1 && slack.count == 1, "one message per channel: \(receiver.requests.map(\.path))")
        let body = try #require(hook.first?.body)
        let alerts = try #require(body["alerts"] as? [[String: Any]])
        #expect(body["workload"] as? String == "nightly" && body["status"] as? String == "firing")
        #expect(alerts.map { $0["diagnosis"] as? String } == ["job.failed"])
        let evidence = try #require(alerts.first?["evidence"] as? String)
        #expect(evidence.contains("exit 1") && evidence.contains("ERROR: connection refused"), "\(evidence)")
        #expect(body["runbook"] as? String == "https://wiki.example/nightly")
        #expect((body["status_url"] as? String)?.hasSuffix("/workloads/nightly") == true)
        #expect(hook.first?.idempotencyKey == body["idempotency_key"] as? String)
        #expect(hook.first?.idempotencyKey == "nightly/job.failed/\(Int(self.at(3).timeIntervalSince1970))/fire")
        let text = try #require(slack.first?.body["text"] as? String)
        #expect(text.contains("`job.failed`") && text.contains("&lt;db:5432&gt;") && !text.contains("<db:5432>"), "Slack markup escaped: \(text)")

        try await fixture.cycle(at: self.at(4))
        try await fixture.cycle(at: self.at(10))
        #expect(receiver.requests.count == 2, "still failing is not news")
        #expect(await fixture.metric("vitals_outbox_depth") == 0)
    }

    @Test func aResolveFollowsOnceTheResolveHoldHasPassed() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await self.failRun(fixture)
        try await fixture.cycle(at: self.at(3))
        try await fixture.ping("nightly", .start, at: self.at(10))
        try await fixture.ping("nightly", .finish(exitStatus: 0), at: self.at(12), records: 500)
        try await fixture.cycle(at: self.at(13))
        #expect(receiver.requests.count == 2, "within resolve_after (5m): nothing yet")
        try await fixture.cycle(at: self.at(19))
        let resolves = receiver.requests.dropFirst(2)
        #expect(resolves.map(\.path).sorted() == ["/hook", "/slack"], "the resolve goes wherever the fire went")
        #expect(resolves.first { $0.path == "/hook" }?.body["status"] as? String == "resolved")
        try await fixture.cycle(at: self.at(30))
        #expect(receiver.requests.count == 4)
    }

    @Test func diagnosesOfOneWorkloadArriveAsOneMessage() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.at(60 * 48))
        // Never ran since watching began two days before: late and stale at once.
        try await fixture.cycle(at: self.at(60 * 48 + 5))
        let hook = receiver.requests.filter { $0.path == "/hook" }
        #expect(hook.count == 1)
        let alerts = hook.first?.body["alerts"] as? [[String: Any]] ?? []
        #expect(Set(alerts.compactMap { $0["diagnosis"] as? String }) == ["job.not_running", "job.stale"])
        #expect(hook.first?.body["title"] as? String == "nightly: 2 firing")
        let slack = receiver.requests.filter { $0.path == "/slack" }
        #expect(slack.count == 1 && (slack.first?.body["text"] as? String)?.contains("job.stale") == false, "chat takes critical only")
    }

    @Test func failedDeliveriesBackOffHonourRetryAfterAndRefusalsAreDropped() async throws {
        let receiver = try await WebhookReceiver.start { index in
            index == 0 ? (.serviceUnavailable, [.retryAfter: "120"]) : (.ok, [:])
        }
        defer { receiver.stop() }
        let yaml = WatcherFixture.standard(receiver: receiver).replacingOccurrences(
            of: "  - name: chat\n    slack: { url: \"http://127.0.0.1:\(receiver.port)/slack\" }\n    severities: [critical]\n",
            with: ""
        )
        let fixture = try await WatcherFixture.make(yaml)
        try await self.failRun(fixture)
        try await fixture.cycle(at: self.at(3))
        #expect(receiver.requests.count == 1)
        #expect(try await fixture.store.queuedNotifications().first?.lastError?.contains("503") == true)
        #expect(await fixture.metric("vitals_outbox_depth") == 1)
        #expect(await fixture.metric("vitals_notifications_failed_total", ["channel": "hook"]) == 1)

        try await fixture.watcher.notifier.deliverDue(now: self.at(4))
        #expect(receiver.requests.count == 1, "Retry-After: 120 is honoured over a shorter backoff")
        try await fixture.watcher.notifier.deliverDue(now: self.at(5.1))
        #expect(receiver.requests.count == 2)
        #expect(receiver.requests[0].idempotencyKey == receiver.requests[1].idempotencyKey, "a retry carries the same key")
        #expect(try await fixture.store.queuedNotifications().isEmpty)

        // A 4xx other than 408/429 will not get better: dropped, kept with its reason, never retried.
        receiver.answer { _ in (.badRequest, [:]) }
        try await fixture.ping("nightly", .finish(exitStatus: 0), at: self.at(20), records: 9)
        try await fixture.cycle(at: self.at(21))
        try await fixture.cycle(at: self.at(26))
        #expect(receiver.requests.count == 3)
        try await fixture.watcher.notifier.deliverDue(now: self.at(120))
        #expect(receiver.requests.count == 3)
        #expect(await fixture.metric("vitals_notifications_dropped_total", ["channel": "hook"]) == 1)
    }

    @Test func aSilenceHoldsNotificationsBackUntilItEnds() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        _ = try await fixture.store.addSilence(
            Silence(workload: "nightly", diagnosis: nil, startsAt: self.at(-10), endsAt: self.at(60), comment: "db migration", createdBy: "ana")
        )
        try await self.failRun(fixture)
        let evaluation = try await fixture.cycle(at: self.at(3))
        #expect(evaluation.diagnoses["nightly"]?.map(\.id) == [.jobFailed], "still diagnosed and shown")
        #expect(receiver.requests.isEmpty)
        try await fixture.cycle(at: self.at(61))
        #expect(receiver.requests.map(\.path).sorted() == ["/hook", "/slack"], "still failing when the silence ends: told then")
    }

    @Test func aRestartNeitherRepeatsASentNotificationNorLosesOneThatWasDue() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let first = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await self.failRun(first)
        // Evaluated and committed, then the process dies before the notifier runs.
        _ = try await first.watcher.evaluator.evaluated(now: self.at(3))
        #expect(try await first.store.queuedNotifications().count == 2)

        let second = try await first.restarted(now: self.at(4))
        try await second.cycle(at: self.at(4))
        #expect(receiver.requests.map(\.path).sorted() == ["/hook", "/slack"], "what was due is delivered after the restart, once")

        let third = try await second.restarted(now: self.at(5))
        try await third.cycle(at: self.at(5))
        try await third.cycle(at: self.at(6))
        #expect(receiver.requests.count == 2, "nothing sent twice")

        // A sender that dies holding a lease: the rows wait out the lease, then go once more with the same key.
        try await third.ping("nightly", .finish(exitStatus: 0), at: self.at(20), records: 9)
        _ = try await third.watcher.evaluator.evaluated(now: self.at(21))
        _ = try await third.watcher.evaluator.evaluated(now: self.at(26))
        let leased = try await third.store.leaseNotifications(now: self.at(26), leaseFor: .seconds(60), limit: 10)
        #expect(leased.count == 2)
        let fourth = try await third.restarted(now: self.at(26.5))
        try await fourth.watcher.notifier.deliverDue(now: self.at(26.5))
        #expect(receiver.requests.count == 2, "the lease holds")
        try await fourth.watcher.notifier.deliverDue(now: self.at(27.1))
        #expect(receiver.requests.count == 4)
        #expect(Set(receiver.requests.dropFirst(2).compactMap(\.idempotencyKey)) == Set(leased.map(\.notification.idempotencyKey)))
    }

    @Test func aWatcherThatWasDownCatchesUpOnce() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await fixture.ping("nightly", .start, at: self.at(0))
        try await fixture.ping("nightly", .finish(exitStatus: 0), at: self.at(10), records: 41_200)
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.at(10))
        try await fixture.cycle(at: self.at(11))
        #expect(receiver.requests.isEmpty)

        // Down from 03:11 on day 1 until 05:00 on day 3: two nightly runs were due meanwhile.
        let back = try await fixture.restarted(now: self.at(50 * 60))
        let evaluation = try await back.cycle(at: self.at(50 * 60))
        #expect(Set(evaluation.diagnoses["nightly"]?.map(\.id) ?? []) == [.jobNotRunning, .jobStale])
        let afterCatchUp = receiver.requests.count
        #expect(receiver.requests.filter { $0.path == "/hook" && $0.body["workload"] as? String == "nightly" }.count == 1)
        for minute in 1...5 { try await back.cycle(at: self.at(50 * 60 + Double(minute))) }
        #expect(receiver.requests.count == afterCatchUp, "overdue checks notify once, not once per missed slot or cycle")
    }

    @Test func aSilentHeartbeatWorkerIsStalled() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.at(0))
        try await fixture.ping("nightly", .finish(exitStatus: 0), at: self.at(1), records: 5)
        #expect(try await fixture.cycle(at: self.at(59)).diagnoses["sync"]?.isEmpty == true)
        let evaluation = try await fixture.cycle(at: self.at(61))
        #expect(evaluation.diagnoses["sync"]?.map(\.id) == [.workerStalled])
        #expect(receiver.requests.map(\.path) == ["/hook"], "sync notifies hook only (notify: [hook])")
    }

    /// A cycle rewrites only the workloads whose alert states changed: a state that moved, appeared or
    /// went; the thousands that stayed the same are left as stored.
    @Test func onlyChangedAlertStatesAreRewritten() {
        func state(_ phase: AlertState.Phase, evidence: String = "p99 2.1 s") -> AlertState {
            AlertState(
                phase: phase,
                activeSince: self.at(0),
                firingSince: nil,
                inactiveSince: nil,
                notified: false,
                severity: .warning,
                evidence: evidence
            )
        }
        let key = { (workload: String) in AlertKey(workload: workload, diagnosis: .apiLatency) }
        let old = [key("same"): state(.pending), key("moved"): state(.pending), key("gone"): state(.firing), key("reworded"): state(.firing)]
        let new = [
            key("same"): state(.pending), key("moved"): state(.firing), key("new"): state(.pending),
            key("reworded"): state(.firing, evidence: "p99 2.4 s"),
        ]
        #expect(Evaluator.workloadsChanged(from: old, to: new) == ["moved", "gone", "new", "reworded"])
        #expect(Evaluator.workloadsChanged(from: new, to: new).isEmpty)
        #expect(
            Evaluator.workloadsChanged(from: old, to: new, evidenceDue: { _ in false }) == ["moved", "gone", "new"],
            "evidence alone waits for its workload's turn"
        )
    }

    /// Evidence that alone changed is written once a minute per workload, the workloads spread over the
    /// minute's cycles: never all in one, never skipped.
    @Test func everyWorkloadsEvidenceIsRefreshedOnceAMinuteSpreadOverTheCycles() {
        let workloads = (0..<3000).map { "worker-\($0)" }
        var due: [Int] = []
        var times: [String: Int] = [:]
        for cycle in 0..<12 {
            let refresh = EvidenceRefresh(evaluateEvery: .seconds(5), now: self.at(Double(cycle * 5) / 60))
            let now = workloads.filter(refresh.isDue)
            due.append(now.count)
            for workload in now { times[workload, default: 0] += 1 }
        }
        #expect(times.count == 3000 && times.values.allSatisfy { $0 == 1 }, "each once in a minute of 5 s cycles")
        #expect(due.allSatisfy { (150...350).contains($0) }, "spread: \(due)")
        let hourly = EvidenceRefresh(evaluateEvery: .seconds(120), now: self.at(0))
        #expect(workloads.allSatisfy(hourly.isDue), "cycles longer than a minute write every change")
    }
}
