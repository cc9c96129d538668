import Foundation
import Testing
import VitalsCore
import VitalsStore

/// What every store must do, whichever database is behind it.
@Suite struct StoreContractTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func ping(_ kind: Ping.Kind, at seconds: Double, rid: String? = nil, records: Int? = nil, body: String? = nil) -> Ping {
        Ping(kind: kind, receivedAt: self.t0.addingTimeInterval(seconds), runID: rid, records: records, body: body)
    }

    @Test(arguments: StoreBackend.allCases)
    func registrationGeneratesKeepsAndOverridesTokens(backend: StoreBackend) async throws {
        let (store, reopen) = try await backend.make()
        let first = try await store.register([.init(name: "nightly", token: nil), .init(name: "sync", token: "configured-token-0001")], now: self.t0)
        let nightly = try #require(first.first { $0.name == "nightly" })
        #expect(nightly.token.wholeMatch(of: /[0-9a-f]{32}/) != nil, "128 random bits")
        #expect(first.first { $0.name == "sync" }?.token == "configured-token-0001")

        let again = try await reopen().register([.init(name: "nightly", token: nil)], now: self.t0.addingTimeInterval(3600))
        let kept = try #require(again.first { $0.name == "nightly" })
        #expect(kept.token == nightly.token, "persisted on first start, not regenerated")
        #expect(kept.watchingSince == self.t0, "watching since the first registration")
    }

    @Test(arguments: StoreBackend.allCases)
    func pingsBecomeRunsAndSurviveAReopen(backend: StoreBackend) async throws {
        let (store, reopen) = try await backend.make()
        try await store.record(self.ping(.start, at: 0), workload: "nightly", retention: 100)
        try await store.record(self.ping(.log, at: 5, body: "step 1\n"), workload: "nightly", retention: 100)
        try await store.record(self.ping(.finish(exitStatus: 0), at: 42, records: 41_200, body: "done\n"), workload: "nightly", retention: 100)
        try await store.record(self.ping(.finish(exitStatus: 1), at: 100), workload: "nightly", retention: 100)

        let runs = try await reopen().runs(workload: "nightly", limit: 10)
        #expect(runs.count == 2)
        #expect(runs[0].exitStatus == 1 && runs[0].startedAt == nil, "a finish without a start is a run of its own")
        #expect(runs[1].durationSeconds == 42)
        #expect(runs[1].records == 41_200)
        #expect(runs[1].logTail == "done\n")
        #expect(try await store.lastPing(workload: "nightly") == self.t0.addingTimeInterval(100))
        #expect(try await store.pingCount(workload: "nightly") == 4)
    }

    /// What an evaluation cycle reads for thousands of workloads at once is what it would read for each:
    /// the newest runs up to the limit, and the ping stored last — even when the clock was set back
    /// before it arrived, which makes it older by its timestamp than the one before.
    @Test(arguments: StoreBackend.allCases)
    func batchedReadsAnswerWhatEachReadWould(backend: StoreBackend) async throws {
        let (store, _) = try await backend.make()
        for (index, workload) in ["a", "b", "c"].enumerated() {
            for run in 0..<(index + 1) * 2 {
                try await store.record(
                    self.ping(.finish(exitStatus: run % 2), at: Double(run * 10), body: "run \(run) of \(workload)\n"),
                    workload: workload,
                    retention: 100
                )
            }
        }
        try await store.record(self.ping(.start, at: 500), workload: "worker", retention: 100)
        try await store.record(self.ping(.start, at: 200), workload: "worker", retention: 100)
        try await store.record(self.ping(.finish(exitStatus: 0), at: 90, body: "b at last\n"), workload: "b", retention: 100)
        let runs = try await store.runs(workloads: ["a", "b", "c", "never"], limit: 3)
        #expect(runs.keys.sorted() == ["a", "b", "c", "never"] && runs["never"] == [])
        for workload in ["a", "b", "c"] {
            var one = try await store.runs(workload: workload, limit: 3)
            #expect(one.allSatisfy { $0.logTail != nil }, "one workload's read carries every run's log")
            let quoted = JobRunRecord.quoted(in: one)
            for index in one.indices where index != quoted { one[index].logTail = nil }
            #expect(runs[workload] == one, "\(workload): the same runs, with the quoted run's log alone")
        }
        #expect(runs["c"]?.first?.logTail == "run 5 of c\n", "c's newest run failed: its output is evidence")
        #expect(runs["b"]?.allSatisfy { $0.logTail == nil } == true, "b's newest run succeeded: no log is read")
        #expect(runs["c"]?.map(\.exitStatus) == [1, 0, 1], "newest first, three of six")
        let last = try await store.lastPings(workloads: ["a", "c", "worker", "never"])
        #expect(last["a"] == self.t0.addingTimeInterval(10) && last["c"] == self.t0.addingTimeInterval(50))
        #expect(last["worker"] == self.t0.addingTimeInterval(200), "the ping stored last, though its clock was set back")
        #expect(last["never"] == nil)
        #expect(try await store.lastPing(workload: "worker") == last["worker"])
        #expect(try await store.runs(workloads: [], limit: 3).isEmpty)
        #expect(try await store.lastPings(workloads: []).isEmpty)
        // A run started after a failed one: the failed run's output is still the one quoted.
        try await store.record(self.ping(.start, at: 100), workload: "c", retention: 100)
        let started = try await store.runs(workloads: ["c"], limit: 3)["c"] ?? []
        #expect(started.map(\.logTail) == [nil, "run 5 of c\n", nil] && started.first?.isRunning == true)
    }

    @Test(arguments: StoreBackend.allCases)
    func rollupsSurviveAReopenNewestWinsOldOnesAreForgotten(backend: StoreBackend) async throws {
        let (store, reopen) = try await backend.make()
        func rollup(_ minute: Int64, requests: Double) -> MinuteRollup {
            var rollup = MinuteRollup(minute: minute)
            rollup.requests = requests
            rollup.errors = 1
            rollup.latency = Histogram(bounds: [0.1, 1, .infinity], counts: [requests - 2, requests - 1, requests])
            rollup.backlog = 3
            return rollup
        }
        try await store.recordRollups(
            [
                .init(workload: "api", rollup: rollup(100, requests: 10)), .init(workload: "api", rollup: rollup(101, requests: 20)),
                .init(workload: "other", rollup: rollup(101, requests: 5)),
            ],
            forgetBefore: 0
        )
        try await store.recordRollups(
            [.init(workload: "api", rollup: rollup(101, requests: 25)), .init(workload: "api", rollup: rollup(102, requests: 30))],
            forgetBefore: 101
        )
        let stored = try await reopen().rollups(workload: "api", since: 0)
        #expect(stored.map(\.minute) == [101, 102], "minute 100 is forgotten")
        #expect(stored.map(\.requests) == [25, 30], "a minute written again keeps the newer")
        #expect(stored.first == rollup(101, requests: 25), "histograms with +Inf round-trip")
        #expect(try await store.rollups(workload: "api", since: 102).count == 1)
    }

    @Test(arguments: StoreBackend.allCases)
    func overlappingRunsPairByRunID(backend: StoreBackend) async throws {
        let (store, _) = try await backend.make()
        let a = "3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e4f13"
        let b = "9b1d2c3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e"
        try await store.record(self.ping(.start, at: 0, rid: a), workload: "j", retention: 100)
        try await store.record(self.ping(.start, at: 10, rid: b), workload: "j", retention: 100)
        try await store.record(self.ping(.finish(exitStatus: 0), at: 30, rid: a), workload: "j", retention: 100)
        let runs = try await store.runs(workload: "j", limit: 10)
        #expect(runs.map(\.isRunning) == [true, false], "b still running, a finished")
        #expect(runs[1].durationSeconds == 30)
    }

    @Test(arguments: StoreBackend.allCases)
    func retentionIsBoundedPerWorkload(backend: StoreBackend) async throws {
        let (store, _) = try await backend.make()
        for index in 0..<30 {
            try await store.record(self.ping(.finish(exitStatus: 0), at: Double(index)), workload: "busy", retention: 10)
        }
        try await store.record(self.ping(.finish(exitStatus: 0), at: 0), workload: "quiet", retention: 10)
        #expect(try await store.runs(workload: "busy", limit: 100).count == 10)
        #expect(try await store.pingCount(workload: "busy") == 10)
        #expect(try await store.runs(workload: "busy", limit: 1).first?.finishedAt == self.t0.addingTimeInterval(29), "the newest are kept")
        #expect(try await store.pingCount(workload: "quiet") == 1, "another workload's pings are untouched")
    }

    @Test(arguments: StoreBackend.allCases)
    func alertStatesAndOutboxCommitTogetherAndOnce(backend: StoreBackend) async throws {
        let (store, reopen) = try await backend.make()
        let key = AlertKey(workload: "nightly", diagnosis: .jobFailed)
        let state = AlertState(
            phase: .firing,
            activeSince: self.t0,
            firingSince: self.t0,
            inactiveSince: nil,
            notified: true,
            severity: .critical,
            evidence: "exit 1"
        )
        let fire = AlertAction.fire(key, severity: .critical, evidence: "exit 1", since: self.t0).notification
        let entries = ["hook", "chat"].map { OutboxEntry(notification: fire, channel: $0) }
        try await store.commit(states: [key: state], evaluated: ["nightly"], notifications: entries, now: self.t0)
        // A watcher that crashed after committing and re-ran the same evaluation queues nothing twice.
        try await reopen().commit(states: [key: state], evaluated: ["nightly"], notifications: entries, now: self.t0.addingTimeInterval(1))

        let restarted = try await reopen()
        #expect(try await restarted.alertStates() == [key: state])
        let queued = try await restarted.queuedNotifications()
        #expect(queued.map(\.channel) == ["hook", "chat"], "one row per channel")
        #expect(queued.map(\.notification.event) == [.fire, .fire])
        #expect(queued.first?.notification.idempotencyKey == "nightly/job.failed/\(Int(self.t0.timeIntervalSince1970))/fire")
        #expect(queued.first?.notification == fire)

        let resolve = AlertAction.resolve(key, severity: .critical, lastEvidence: "exit 1", firedAt: self.t0).notification
        try await restarted.commit(
            states: [:],
            evaluated: ["nightly"],
            notifications: [OutboxEntry(notification: resolve, channel: "hook")],
            now: self.t0.addingTimeInterval(600)
        )
        #expect(try await restarted.alertStates().isEmpty)
        #expect(try await restarted.queuedNotifications().map(\.notification.event) == [.fire, .fire, .resolve])
    }

    @Test(arguments: StoreBackend.allCases)
    func leasesAreExclusiveUntilTheyExpireAndOutcomesStick(backend: StoreBackend) async throws {
        let (store, reopen) = try await backend.make()
        let notifications = (0..<3).map { index in
            OutboxEntry(
                notification: AlertAction.fire(
                    AlertKey(workload: "w\(index)", diagnosis: .jobFailed),
                    severity: .warning,
                    evidence: "e",
                    since: self.t0
                ).notification,
                channel: "hook"
            )
        }
        try await store.commit(states: [:], evaluated: [], notifications: notifications, now: self.t0)
        let first = try await store.leaseNotifications(now: self.t0, leaseFor: .seconds(60), limit: 2)
        #expect(first.count == 2)
        #expect(
            try await reopen().leaseNotifications(now: self.t0.addingTimeInterval(1), leaseFor: .seconds(60), limit: 10).map(\.id) == [
                first.last!.id + 1
            ],
            "another sender gets only what is not leased"
        )
        #expect(try await store.leaseNotifications(now: self.t0.addingTimeInterval(30), leaseFor: .seconds(60), limit: 10).isEmpty)

        try await store.settleNotifications(ids: [first[0].id], outcome: .delivered, now: self.t0.addingTimeInterval(2))
        try await store.settleNotifications(
            ids: [first[1].id],
            outcome: .retry(at: self.t0.addingTimeInterval(300), error: "HTTP 503"),
            now: self.t0.addingTimeInterval(2)
        )
        #expect(try await store.outboxSummary() == OutboxSummary(depth: 2, oldest: self.t0))
        let expired = try await store.leaseNotifications(now: self.t0.addingTimeInterval(61), leaseFor: .seconds(600), limit: 10)
        #expect(expired.map(\.id) == [first.last!.id + 1], "the expired lease comes back; the retry is not due; the delivered never")
        let due = try await store.leaseNotifications(now: self.t0.addingTimeInterval(300), leaseFor: .seconds(60), limit: 10)
        #expect(due.map(\.id) == [first[1].id])
        #expect(due.first?.attempts == 1 && due.first?.lastError == "HTTP 503")
        try await store.settleNotifications(
            ids: [first[1].id, expired[0].id],
            outcome: .dropped(error: "HTTP 400"),
            now: self.t0.addingTimeInterval(301)
        )
        #expect(try await store.queuedNotifications().isEmpty)
        #expect(try await store.outboxSummary() == OutboxSummary(depth: 0, oldest: nil))
    }

    @Test(arguments: StoreBackend.allCases)
    func silencesAreListedUntilTheyEnd(backend: StoreBackend) async throws {
        let (store, reopen) = try await backend.make()
        let silence = try await store.addSilence(
            Silence(
                workload: "nightly",
                diagnosis: .jobFailed,
                startsAt: self.t0,
                endsAt: self.t0.addingTimeInterval(3600),
                comment: "migration",
                createdBy: "ana"
            )
        )
        #expect(silence.id > 0)
        let pending = try await store.addSilence(
            Silence(
                workload: "sync",
                diagnosis: nil,
                startsAt: self.t0.addingTimeInterval(7200),
                endsAt: self.t0.addingTimeInterval(9000),
                comment: "",
                createdBy: "cli"
            )
        )
        #expect(try await reopen().silences(endingAfter: self.t0) == [silence, pending])
        #expect(try await store.silences(endingAfter: self.t0.addingTimeInterval(3600)) == [pending], "ended at its end")
        #expect(try await store.endSilence(id: pending.id, now: self.t0.addingTimeInterval(100)))
        #expect(try await store.endSilence(id: pending.id, now: self.t0.addingTimeInterval(200)) == false, "already ended")
        #expect(try await store.silences(endingAfter: self.t0.addingTimeInterval(150)) == [silence])
    }

    @Test(arguments: StoreBackend.allCases)
    func concurrentSendersNeverLeaseTheSameNotification(backend: StoreBackend) async throws {
        let (store, reopen) = try await backend.make()
        let other = try await reopen()
        let entries = (0..<60).map { index in
            OutboxEntry(
                notification: AlertAction.fire(
                    AlertKey(workload: "w\(index)", diagnosis: .jobFailed),
                    severity: .warning,
                    evidence: "e",
                    since: self.t0
                ).notification,
                channel: "hook"
            )
        }
        try await store.commit(states: [:], evaluated: [], notifications: entries, now: self.t0)
        let leased = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for sender in [store, other, store, other] {
                group.addTask {
                    var mine: [Int64] = []
                    for _ in 0..<10 { mine += try await sender.leaseNotifications(now: self.t0, leaseFor: .seconds(60), limit: 2).map(\.id) }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(leased.count == 60, "every row leased")
        #expect(Set(leased).count == leased.count, "and none twice")
    }

    @Test(arguments: [StoreBackend.postgres])
    func oneWatcherEvaluatesAtATime(backend: StoreBackend) async throws {
        let (store, reopen) = try await backend.make()
        let other = try await reopen()
        let (entered, entering) = AsyncStream.makeStream(of: Void.self)
        let (release, releasing) = AsyncStream.makeStream(of: Void.self)
        async let first: Int? = store.whileEvaluating {
            entering.yield()
            for await _ in release { break }
            return 1
        }
        for await _ in entered { break }
        #expect(try await other.whileEvaluating { 2 } == nil, "the other watcher skips while one evaluates")
        releasing.yield()
        #expect(try await first == 1)
        #expect(try await other.whileEvaluating { 2 } == 2, "and takes its turn afterwards")
    }
}
