import Foundation
import Testing
import VitalsCore

/// Every job diagnosis on a manual clock: `now` is whatever the test says.
@Suite struct JobDiagnoserTests {
    /// A nightly job at 03:00 UTC with 30 minutes' grace, 20 minutes' max duration and at least 1 record.
    static let nightly: Workload = {
        let yaml = """
            workloads:
              nightly-report: { kind: job, schedule: "0 3 * * *", grace: 30m, max_duration: 20m, min_records: 1 }
              hourly-sync: { kind: job, schedule: every 1h, grace: 5m }
            """
        return try! SpecLoader.parse(yaml, file: "t.yml", environment: [:]).workloads[0]
    }()

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// A finished run: started at `start`, lasting `seconds`.
    static func run(_ start: String, exit: Int = 0, seconds: Double = 60, records: Int? = 40_000, log: String? = nil) -> JobRunRecord {
        let started = at(start)
        return JobRunRecord(
            startedAt: started,
            finishedAt: started.addingTimeInterval(seconds),
            exitStatus: exit,
            durationSeconds: seconds,
            records: records,
            logTail: log
        )
    }

    /// The previous `count` nights, newest first, each at 03:00 and healthy.
    static func history(before day: Int, count: Int = 20, seconds: Double = 60, records: Int = 41_200) -> [JobRunRecord] {
        (1...count).map { offset in
            let date = Date(
                timeIntervalSince1970: at("2026-11-\(String(format: "%02d", day))T03:00:00Z").timeIntervalSince1970 - Double(offset) * 86_400
            )
            return JobRunRecord(
                startedAt: date,
                finishedAt: date.addingTimeInterval(seconds),
                exitStatus: 0,
                durationSeconds: seconds,
                records: records
            )
        }
    }

    func ids(_ runs: [JobRunRecord], now: String, since: String = "2026-10-01T00:00:00Z", workload: Workload = nightly) -> [String] {
        JobDiagnoser.diagnose(workload, runs: runs, watchingSince: Self.at(since), now: Self.at(now)).map(\.id.rawValue)
    }

    func evidence(_ id: Diagnosis.ID, _ runs: [JobRunRecord], now: String) -> String? {
        JobDiagnoser.diagnose(Self.nightly, runs: runs, watchingSince: Self.at("2026-10-01T00:00:00Z"), now: Self.at(now)).first { $0.id == id }?
            .evidence
    }

    @Test func aHealthyNightIsQuiet() {
        let runs = [Self.run("2026-11-22T03:00:05Z")] + Self.history(before: 22)
        #expect(self.ids(runs, now: "2026-11-22T12:00:00Z").isEmpty)
        #expect(self.ids(runs, now: "2026-11-23T03:29:00Z").isEmpty, "tonight's run is not late until the grace is over")
    }

    @Test func aRunThatNeverStartedIsNotRunning() throws {
        let runs = Self.history(before: 22)  // last run 2026-11-21 03:00
        #expect(self.ids(runs, now: "2026-11-22T03:29:00Z").isEmpty)
        #expect(self.ids(runs, now: "2026-11-22T03:31:00Z") == ["job.not_running"])
        let text = try #require(self.evidence(.jobNotRunning, runs, now: "2026-11-22T03:31:00Z"))
        #expect(text == "expected at 2026-11-22 03:00 GMT (grace 30m); last run started 2026-11-21 03:00 GMT")
    }

    @Test func aSlightlyEarlyOrLateRunCountsForItsSlot() {
        let early = [Self.run("2026-11-22T02:59:58Z")] + Self.history(before: 22)
        let late = [Self.run("2026-11-22T03:25:00Z")] + Self.history(before: 22)
        #expect(self.ids(early, now: "2026-11-22T04:00:00Z").isEmpty)
        #expect(self.ids(late, now: "2026-11-22T04:00:00Z").isEmpty)
    }

    @Test func aFailedRunIsFailedWithItsOutput() throws {
        let runs =
            [Self.run("2026-11-22T03:00:00Z", exit: 2, seconds: 12, log: "connecting\nerror: upstream returned 502")] + Self.history(before: 22)
        #expect(self.ids(runs, now: "2026-11-22T04:00:00Z") == ["job.failed"])
        #expect(
            self.evidence(.jobFailed, runs, now: "2026-11-22T04:00:00Z")
                == "ran at 2026-11-22 03:00 GMT, exit 2 after 12s; output: error: upstream returned 502"
        )
    }

    @Test func aRunPastItsMaxDurationIsHungNotLate() throws {
        let running = JobRunRecord(startedAt: Self.at("2026-11-22T03:00:00Z"))
        let runs = [running] + Self.history(before: 22)
        #expect(self.ids(runs, now: "2026-11-22T03:19:00Z").isEmpty)
        #expect(self.ids(runs, now: "2026-11-22T03:45:00Z") == ["job.hung"])
        #expect(self.evidence(.jobHung, runs, now: "2026-11-22T03:45:00Z") == "started 2026-11-22 03:00 GMT, running for 45m; max_duration 20m")
    }

    @Test func aSuccessWithNoRecordsIsEmptyOutput() throws {
        let runs = [Self.run("2026-11-22T03:00:00Z", records: 0)] + Self.history(before: 22)
        #expect(self.ids(runs, now: "2026-11-22T04:00:00Z") == ["job.empty_output"])
        #expect(
            self.evidence(.jobEmptyOutput, runs, now: "2026-11-22T04:00:00Z")
                == "ran at 2026-11-22 03:00 GMT, exit 0, 0 records; median of last 20 runs: 41,200; min_records 1"
        )
    }

    @Test func farBelowItsOwnHistoryIsEmptyOutputEvenAboveTheMinimum() {
        let runs = [Self.run("2026-11-22T03:00:00Z", records: 312)] + Self.history(before: 22)
        #expect(self.ids(runs, now: "2026-11-22T04:00:00Z") == ["job.empty_output"])
        let normal = [Self.run("2026-11-22T03:00:00Z", records: 39_000)] + Self.history(before: 22)
        #expect(self.ids(normal, now: "2026-11-22T04:00:00Z").isEmpty)
    }

    @Test func twiceItsUsualDurationIsSlowingDown() throws {
        let runs = [Self.run("2026-11-22T03:00:00Z", seconds: 600)] + Self.history(before: 22, seconds: 240)
        #expect(self.ids(runs, now: "2026-11-22T04:00:00Z") == ["job.slowing_down"])
        #expect(
            self.evidence(.jobSlowingDown, runs, now: "2026-11-22T04:00:00Z") == "ran at 2026-11-22 03:00 GMT for 10m; median of last 20 runs: 4m"
        )
        let jitter = [Self.run("2026-11-22T03:00:00Z", seconds: 5)] + Self.history(before: 22, seconds: 2)
        #expect(self.ids(jitter, now: "2026-11-22T04:00:00Z").isEmpty, "2 s to 5 s is jitter, not a trend")
    }

    @Test func noSuccessForTwoPeriodsIsStale() {
        let failing = [Self.run("2026-11-22T03:00:00Z", exit: 1), Self.run("2026-11-21T03:00:00Z", exit: 1)] + Self.history(before: 21)
        #expect(Set(self.ids(failing, now: "2026-11-22T04:00:00Z")) == ["job.failed", "job.stale"])
    }

    @Test func aJobNeverSeenIsNotRunningOnceItsFirstSlotPasses() {
        #expect(self.ids([], now: "2026-11-22T02:00:00Z", since: "2026-11-21T12:00:00Z").isEmpty)
        #expect(self.ids([], now: "2026-11-22T03:31:00Z", since: "2026-11-21T12:00:00Z") == ["job.not_running"])
    }

    @Test func everySchedulesRunFromTheLastRun() throws {
        let workload = try SpecLoader.parse("workloads:\n  sync: { kind: job, schedule: every 1h, grace: 5m }\n", file: "t.yml", environment: [:])
            .workloads[0]
        let runs = [Self.run("2026-11-22T10:20:00Z", records: nil)]
        #expect(self.ids(runs, now: "2026-11-22T11:24:00Z", workload: workload).isEmpty)
        #expect(self.ids(runs, now: "2026-11-22T11:26:00Z", workload: workload) == ["job.not_running"])
    }

    @Test func aRunFromTheFutureMeansTheClocksDisagree() {
        #expect(self.ids([Self.run("2026-11-22T05:00:00Z")], now: "2026-11-22T04:00:00Z") == ["unknown"])
    }

    @Test func aHeartbeatWorkerThatStopsPingingIsStalled() throws {
        let worker = try SpecLoader.parse(
            "workloads:\n  w: { kind: worker, heartbeat: true, progress_within: 5m }\n",
            file: "t.yml",
            environment: [:]
        ).workloads[0]
        let since = Self.at("2026-11-22T09:00:00Z")
        #expect(
            HeartbeatDiagnoser.diagnose(worker, lastPing: Self.at("2026-11-22T11:58:00Z"), watchingSince: since, now: Self.at("2026-11-22T12:00:00Z"))
                .isEmpty
        )
        let stalled = HeartbeatDiagnoser.diagnose(
            worker,
            lastPing: Self.at("2026-11-22T11:46:00Z"),
            watchingSince: since,
            now: Self.at("2026-11-22T12:00:00Z")
        )
        #expect(stalled.map(\.evidence) == ["last ping 2026-11-22 11:46 GMT, 14m ago; expected at least every 5m"])
    }
}
