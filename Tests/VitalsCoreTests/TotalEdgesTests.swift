import Foundation
import Testing
import VitalsCore

/// Values from outside that used to trap the watcher (issue 13, defects 1–3, 6 and 14): each is refused
/// where it enters with a message, or carried as what it is, and nothing downstream can trap on it.
@Suite struct TotalEdgesTests {
    static let t0 = SignalTests.t0

    // MARK: Pings (defects 1, 2, 14)

    @Test(arguments: ["1e300", "1e16", "315360001", "inf", "nan", "-1"])
    func aPingDurationBeyondTenYearsIsRefused(duration: String) {
        #expect(throws: PingParser.Invalid.self) {
            try PingParser.parse(suffix: "0", query: ["duration": duration], body: [], receivedAt: Self.t0)
        }
    }

    @Test func theLongestDurationIsAccepted() throws {
        let ping = try PingParser.parse(suffix: "0", query: ["duration": "315360000"], body: [], receivedAt: Self.t0)
        #expect(ping.durationSeconds == 315_360_000)
    }

    @Test(arguments: ["9223372036854775807", "1000000000000001", "-1", "1.5", "1e3"])
    func recordsBeyondTenToTheFifteenAreRefused(records: String) {
        #expect(throws: PingParser.Invalid.self) {
            try PingParser.parse(suffix: "0", query: ["records": records], body: [], receivedAt: Self.t0)
        }
    }

    @Test func aNulInABodyIsKeptVisibleAndDoesNotCutTheLog() throws {
        let body = Array("\0starts with NUL\0 and has one inside".utf8)
        let ping = try PingParser.parse(suffix: "log", query: [:], body: body, receivedAt: Self.t0)
        #expect(ping.body == "␀starts with NUL␀ and has one inside")
    }

    // MARK: Stored rows (defects 1 and 2, defence in depth)

    /// Rows an older version or a hand edit left behind: read as unknown, never trusted.
    @Test func storedValuesTodaysParserWouldRefuseAreReadAsUnknown() {
        let run = JobRunRecord(
            storedStartedAt: 1e300,
            finishedAt: 1_800_000_000,
            exitStatus: 9999,
            durationSeconds: 1e300,
            records: .max,
            logTail: nil
        )
        #expect(run.startedAt == nil)
        #expect(run.finishedAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(run.exitStatus == 1, "finished, status unreadable: a failure, not a run still going")
        #expect(run.durationSeconds == nil)
        #expect(run.records == nil)
    }

    /// Six runs with the most records an `Int` holds, then one with none: the median used to overflow.
    @Test func aHistoryOfEnormousCountsIsJudgedWithoutOverflow() {
        let nightly = JobDiagnoserTests.nightly
        var runs = JobDiagnoserTests.history(before: 22, count: 6)
        for index in runs.indices { runs[index].records = .max }
        runs.insert(JobDiagnoserTests.run("2026-11-22T03:00:00Z", records: 0), at: 0)
        let found = JobDiagnoser.diagnose(
            nightly,
            runs: runs,
            watchingSince: JobDiagnoserTests.at("2026-11-01T00:00:00Z"),
            now: JobDiagnoserTests.at("2026-11-22T04:00:00Z")
        )
        let empty = found.first { $0.id == .jobEmptyOutput }
        #expect(empty?.evidence.contains("0 records; median of last 6 runs: 9.22e+18") == true, "\(found)")
    }

    /// A duration no clock holds is shown as such, not trapped on.
    @Test func durationsBeyondAnyClockAreWrittenNotTrapped() {
        #expect(DurationText.format(.seconds(Int64.max)).hasSuffix("s"))
        #expect(DurationText.format(.seconds(10_000_000_000_000_000)) == "106751991167d7h12m55s", "saturated at Int64.max milliseconds")
        #expect(DurationText.format(.seconds(-90)) == "-1m30s")
    }

    // MARK: Spec (defect 6)

    @Test(arguments: ["9999999999999999999s", "1e300", "3651d", "1000000000000000000000d1s"])
    func aDurationLongerThanTenYearsIsALocatedError(text: String) {
        let yaml = "workloads:\n  nightly: { kind: job, schedule: \"0 3 * * *\", grace: \(text) }\n"
        do {
            _ = try SpecLoader.parse(yaml, file: "v.yml", environment: [:])
            Issue.record("\(text) was accepted")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "v.yml:2:55: workloads.nightly.grace: \"\(text)\" is longer than the longest duration Vitals accepts, 3650d (hint: write a shorter one; no check, schedule or hold needs more than 10 years)"
                ]
            )
        }
    }

    @Test func aRunbookMustBeAnHTTPLink() {
        let yaml = "workloads:\n  api: { kind: api, ready: \"http://127.0.0.1:8080/ready\", runbook: \"javascript:alert(1)\" }\n"
        #expect(throws: SpecErrors.self) { try SpecLoader.parse(yaml, file: "v.yml", environment: [:]) }
    }

    // MARK: Scraped samples (defect 3)

    /// `worker_queue_depth NaN` (the library's answer when a backlog provider fails), `+Inf`, a NaN age and a
    /// counter jumping to 1e300: no trap, and a backlog that cannot be read is said to be unknown. A worker
    /// that stopped reading is not consuming whatever its backlog is; one that reads without progress may be
    /// idle or stalled, and is said to be one of the two.
    @Test(arguments: ["NaN", "+Inf", "-5"])
    func aBacklogThatIsNotACountIsCannotTell(backlog: String) {
        func found(lastRead: Double) -> [String: String] {
            self.worker { index, time in
                APIWorkerDiagnoserTests.workerText(
                    read: 10,
                    handled: 10,
                    failed: 0,
                    backlog: 0,
                    oldest: 0,
                    lastRead: time - lastRead,
                    lastProgress: time - 600
                )
                .replacingOccurrences(of: "queue=\"order_events\"} 0\n", with: "queue=\"order_events\"} \(backlog)\n")
            }
        }
        let notReading = found(lastRead: 600)
        #expect(notReading["worker.not_consuming"]?.contains("backlog unknown") == true, "\(notReading)")
        let reading = found(lastRead: 1)
        #expect(reading["unknown"]?.contains("cannot tell whether it is stalled or idle: backlog unknown") == true, "\(reading)")
        #expect(reading["worker.not_consuming"] == nil && reading["worker.stalled"] == nil, "not claimed either way")
    }

    @Test func nonFiniteAgesAndEnormousCountersDoNotTrap() {
        let found = self.worker { index, time in
            APIWorkerDiagnoserTests.workerText(
                read: index,
                handled: index,
                failed: index / 2,
                backlog: 5,
                oldest: 0,
                lastRead: time,
                lastProgress: time
            )
            .replacingOccurrences(of: "queue=\"order_events\"} 0.0\n", with: "queue=\"order_events\"} +Inf\n")
            .replacingOccurrences(of: "outcome=\"failed\"} \(index / 2)\n", with: "outcome=\"failed\"} \(index > 10 ? "1e300" : "0")\n")
        }
        #expect(found["worker.falling_behind"] == nil, "an infinite age is unknown, not old")
        #expect(found["worker.failing"]?.contains("e+300") == true, "\(found)")
    }

    @Test func anAPICounterJumpingTo1e300IsJudgedWithoutTrapping() {
        var signals = WorkloadSignals()
        for index in 0..<21 {
            let time = Self.t0 + Double(index) * 15
            let requests = index < 20 ? "\(index * 100)" : "1e300"
            let text = """
                # TYPE http_server_request_duration_seconds histogram
                http_server_request_duration_seconds_bucket{http_request_method="GET",http_route="/",http_response_status_code="500",le="0.1"} \(requests)
                http_server_request_duration_seconds_bucket{http_request_method="GET",http_route="/",http_response_status_code="500",le="+Inf"} \(requests)
                http_server_request_duration_seconds_count{http_request_method="GET",http_route="/",http_response_status_code="500"} \(requests)
                http_server_request_duration_seconds_sum{http_request_method="GET",http_route="/",http_response_status_code="500"} 1

                """
            _ = signals.record(SignalTests.reading(text), at: time)
        }
        var observation = Observation(watchingSince: Self.t0)
        observation.signals = signals
        let found = APIDiagnoser.diagnose(APIWorkerDiagnoserTests.api, observation: observation, now: Self.t0 + 300)
        #expect(found.contains { $0.id == .apiErrors && $0.evidence.contains("e+") }, "\(found)")
    }

    /// Timestamps of 0 mean "not yet": a worker started a minute ago with a backlog and no progress so far
    /// is not stalled (seen in the demo's first seconds on a loaded machine); one started long ago is.
    @Test func aWorkerThatHasNotProgressedYetIsJudgedFromItsStart() {
        func found(startedAgo: Double) -> [String: String] {
            self.worker { _, time in
                APIWorkerDiagnoserTests.workerText(read: 5, handled: 0, failed: 0, backlog: 5, oldest: 1, lastRead: time, lastProgress: 0)
                    + "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds \(Self.t0.timeIntervalSince1970 + 300 - startedAgo)\n"
            }
        }
        #expect(found(startedAgo: 60)["worker.stalled"] == nil, "a minute old: not stalled yet")
        #expect(found(startedAgo: 3600)["worker.stalled"] != nil, "an hour old without progress: stalled")
    }

    /// Twenty-one scrapes 15 s apart of the worker, as `APIWorkerDiagnoserTests` does.
    func worker(_ step: (Int, Double) -> String) -> [String: String] {
        var observation = Observation(watchingSince: Self.t0)
        var signals = WorkloadSignals()
        for index in 0..<21 {
            let time = Self.t0 + Double(index) * 15
            _ = signals.record(SignalTests.reading(step(index, time.timeIntervalSince1970)), at: time)
        }
        observation.signals = signals
        let found = WorkerDiagnoser.diagnose(APIWorkerDiagnoserTests.worker, observation: observation, now: Self.t0 + 300)
        return Dictionary(found.map { ($0.id.rawValue, $0.evidence) }, uniquingKeysWith: { $1 })
    }
}
