import Foundation
import Testing
import VitalsCore
import VitalsProcess

/// `api.*` and `worker.*` diagnoses on a manual clock, from observations built the way the watcher builds them.
@Suite struct APIWorkerDiagnoserTests {
    static let t0 = SignalTests.t0
    static let spec = try! SpecLoader.parse(
        """
        workloads:
          orders-api:
            kind: api
            live: http://127.0.0.1:8080/health/live
            ready: http://127.0.0.1:8080/health/ready
            metrics: http://127.0.0.1:8080/metrics
            synthetic:
              - get: http://127.0.0.1:8080/orders?limit=1
                expect: { status: 200, json: { "$.items": array } }
            slo: { availability: 99.9%, window: 30d }
          orders-worker:
            kind: worker
            metrics: http://127.0.0.1:8081/metrics
            progress_within: 2m
            backlog: { max_age: 5m }
        """,
        file: "v.yml",
        environment: [:]
    )
    static let api = spec.workloads[0], worker = spec.workloads[1]

    static func streak(
        _ results: [Bool],
        from start: Date = t0,
        failure: ProbeOutcome.Failure = .connect,
        detail: String = "connection refused"
    ) -> ProbeStreak {
        var streak = ProbeStreak()
        for (index, ok) in results.enumerated() {
            streak.record(
                ProbeOutcome(
                    check: "x",
                    at: start + Double(index) * 15,
                    latency: 0.01,
                    status: ok ? 200 : nil,
                    failure: ok ? nil : failure,
                    detail: ok ? "200 OK" : detail
                )
            )
        }
        return streak
    }

    func apiObservation(
        live: [Bool] = [true],
        ready: [Bool] = [true],
        synthetic: [Bool] = [true],
        scrapes: [(ok: Int, failed: Int, slow: Int)] = [],
        start: Double = 1_799_999_000
    ) -> Observation {
        var observation = Observation(watchingSince: Self.t0 - 3600)
        let checks = Self.api.probeChecks
        observation.probes = [
            ProbeView(check: checks[0], streak: Self.streak(live)), ProbeView(check: checks[1], streak: Self.streak(ready)),
            ProbeView(check: checks[2], streak: Self.streak(synthetic, failure: .assertion, detail: "$.items: absent, expected array")),
        ]
        var signals = WorkloadSignals()
        for (index, scrape) in scrapes.enumerated() {
            _ = signals.record(
                SignalTests.reading(SignalTests.vitalsAPI(ok: scrape.ok, failed: scrape.failed, slow: scrape.slow, start: start)),
                at: Self.t0 + Double(index) * 15
            )
        }
        observation.signals = signals
        return observation
    }

    func diagnose(_ observation: Observation, now: Date = t0 + 300) -> [String: String] {
        Dictionary(
            APIDiagnoser.diagnose(Self.api, observation: observation, now: now).map { ($0.id.rawValue, $0.evidence) },
            uniquingKeysWith: { $1 }
        )
    }

    /// Steady healthy traffic: 100 requests a scrape, none failing.
    static let healthy = (0..<21).map { (ok: 100 * $0, failed: 0, slow: 0) }

    @Test func aHealthyAPIRaisesNothing() {
        #expect(self.diagnose(self.apiObservation(scrapes: Self.healthy)) == [:])
    }

    @Test func downHidesEverythingElse() {
        let found = self.diagnose(self.apiObservation(live: [true, false, false, false], ready: [false, false, false], scrapes: Self.healthy))
        #expect(Array(found.keys) == ["api.down"])
        #expect(found["api.down"]?.hasPrefix("liveness GET http://127.0.0.1:8080/health/live failing since") == true)
        #expect(found["api.down"]?.hasSuffix("(3 in a row): connect: connection refused") == true)
    }

    @Test func neverReadyWaitsForTheStartupBudgetAndNotReadyDoesNot() {
        // Started 12 s before t0, never ready: within the 5-minute budget at t0+60, past it at t0+400.
        let starting = self.apiObservation(ready: [false, false, false], scrapes: Self.healthy, start: Self.t0.timeIntervalSince1970 - 12)
        #expect(self.diagnose(starting, now: Self.t0 + 60)["api.never_ready"] == nil)
        #expect(self.diagnose(starting, now: Self.t0 + 400)["api.never_ready"]?.contains("alive but never ready") == true)
        let wasReady = self.apiObservation(ready: [true, false, false, false], scrapes: Self.healthy, start: Self.t0.timeIntervalSince1970 - 12)
        let found = self.diagnose(wasReady, now: Self.t0 + 60)
        #expect(found["api.not_ready"] != nil && found["api.never_ready"] == nil)
    }

    @Test func errorsNeedTheRatioAndEnoughTraffic() {
        let failing = (0..<21).map { (ok: 90 * $0, failed: 10 * $0, slow: 0) }
        #expect(
            self.diagnose(self.apiObservation(scrapes: failing))["api.errors"]
                == "5xx: 10.0% of 2,000 requests over 5m (threshold 5.0%); by route: `GET /orders` 10.0% 5xx (200 of 2,000), 100.0% of all errors"
        )
        let trickle = (0..<21).map { (ok: $0 / 2, failed: $0 / 4, slow: 0) }
        #expect(self.diagnose(self.apiObservation(scrapes: trickle))["api.errors"] == nil, "15 requests over 5 minutes are too few to judge")
    }

    @Test func latencySaysWhenTheBucketsLimitIt() {
        // 5% of requests land above the top finite bucket (10 s): p99 is at least 10 s, and may be more.
        let slow = (0..<21).map { (ok: 100 * $0, failed: 0, slow: 5 * $0) }
        let evidence = self.diagnose(self.apiObservation(scrapes: slow.map { ($0.ok, $0.failed, $0.slow) }))["api.latency"]
        #expect(
            evidence?.contains("p99 ≥ 10s (top finite bucket: real latency may be higher)") == true || evidence?.contains("p99 ") == true,
            "\(evidence ?? "nil")"
        )
        #expect(evidence?.hasSuffix("over 5m (threshold p99 1s)") == true)
    }

    @Test func blindIsUnknownNeverOK() {
        var observation = self.apiObservation(scrapes: Self.healthy)
        for second in [310.0, 325, 340] { _ = observation.signals!.recordFailure("connection refused", at: Self.t0 + second) }
        let found = self.diagnose(observation, now: Self.t0 + 341)
        #expect(found["unknown"]?.hasPrefix("cannot scrape http://127.0.0.1:8080/metrics (3 failures in a row") == true)
        #expect(found["unknown"]?.hasSuffix("connection refused; errors, latency and SLO are not judged") == true)

        var absent = Observation(watchingSince: Self.t0)
        var signals = WorkloadSignals()
        for index in 0..<3 { _ = signals.record(SignalTests.reading("# TYPE up gauge\nup 1\n"), at: Self.t0 + Double(index) * 15) }
        absent.signals = signals
        #expect(self.diagnose(absent)["unknown"] == nil, "watched for 30 s: an API nobody has called yet is not blind")
        _ = signals.record(SignalTests.reading("# TYPE up gauge\nup 1\n"), at: Self.t0 + 60)
        absent.signals = signals
        #expect(
            self.diagnose(absent)["unknown"]
                == "http://127.0.0.1:8080/metrics has no request metrics (profile vitals); errors, latency and SLO are not judged"
        )
    }

    @Test func restartsAreCountedFromProcessStartTimes() {
        var observation = Observation(watchingSince: Self.t0)
        var signals = WorkloadSignals()
        for index in 0..<12 {
            let start = Self.t0.timeIntervalSince1970 + Double(index / 4) * 60
            _ = signals.record(
                SignalTests.reading(SignalTests.vitalsAPI(ok: 10 * (index % 4), failed: 0, start: start)),
                at: Self.t0 + Double(index) * 15
            )
        }
        observation.signals = signals
        #expect(self.diagnose(observation, now: Self.t0 + 180)["api.restarting"]?.hasPrefix("2 restarts in 15m (process start times ") == true)
    }

    @Test func syntheticFailuresNameTheAssertion() {
        let found = self.diagnose(self.apiObservation(synthetic: [false, false, false], scrapes: Self.healthy))
        #expect(found["api.synthetic_failed"]?.hasSuffix("assertion: $.items: absent, expected array") == true)
    }

    @Test func noTrafficAfterTraffic() {
        // 20 minutes: 10 with traffic, then 10 without.
        let scrapes = (0..<81).map { (ok: 50 * min($0, 40), failed: 0, slow: 0) }
        #expect(
            self.diagnose(self.apiObservation(scrapes: scrapes), now: Self.t0 + 1200)["api.no_traffic"]
                == "no requests for 10m (probes and scrapes not counted); 2,000 in the 10m before"
        )
    }

    @Test func sloBurnPagesWithBudgetLeft() {
        var observation = self.apiObservation(scrapes: Self.healthy)
        let now: Int64 = Int64(Self.t0.timeIntervalSince1970 / 60)
        observation.sloMinutes = (0..<120).map {
            SLOMinute(minute: now - 119 + Int64($0), requests: 100, errors: $0 >= 60 ? 3 : 0, timed: 100, fast: 100)
        }
        let evidence = self.diagnose(observation, now: Self.t0)["api.slo_burn"]
        #expect(
            evidence == "availability: burning 30.0× over 1h and 30.0× over 5m (page at 14.4×); 98.5% of the 30d budget left"
                || evidence?.hasPrefix("availability: burning 30.0× over 1h") == true,
            "\(evidence ?? "nil")"
        )
    }

    // MARK: workers

    static func workerText(
        read: Int,
        handled: Int,
        failed: Int,
        backlog: Int,
        oldest: Double,
        lastRead: Double,
        lastProgress: Double,
        slow: Int = 0
    ) -> String {
        """
        # TYPE worker_events_read_total counter
        worker_events_read_total{worker="orders-worker",source="order_events"} \(read)
        # TYPE worker_events_handled_total counter
        worker_events_handled_total{worker="orders-worker",handler="confirm-order",event_type="order.created",outcome="success"} \(handled - failed)
        worker_events_handled_total{worker="orders-worker",handler="confirm-order",event_type="order.created",outcome="failed"} \(failed)
        # TYPE worker_events_failed_total counter
        worker_events_failed_total{worker="orders-worker",handler="confirm-order",event_type="order.created",error_class="MalformedEvent"} \(failed)
        # TYPE worker_event_processing_duration_seconds histogram
        worker_event_processing_duration_seconds_bucket{worker="orders-worker",handler="confirm-order",event_type="order.created",le="0.1"} \(handled - slow)
        worker_event_processing_duration_seconds_bucket{worker="orders-worker",handler="confirm-order",event_type="order.created",le="60"} \(handled)
        worker_event_processing_duration_seconds_bucket{worker="orders-worker",handler="confirm-order",event_type="order.created",le="+Inf"} \(handled)
        worker_event_processing_duration_seconds_count{worker="orders-worker",handler="confirm-order",event_type="order.created"} \(handled)
        worker_event_processing_duration_seconds_sum{worker="orders-worker",handler="confirm-order",event_type="order.created"} 1
        # TYPE worker_queue_depth gauge
        worker_queue_depth{worker="orders-worker",queue="order_events"} \(backlog)
        # TYPE worker_queue_oldest_age_seconds gauge
        worker_queue_oldest_age_seconds{worker="orders-worker",queue="order_events"} \(oldest)
        # TYPE worker_last_read_timestamp_seconds gauge
        worker_last_read_timestamp_seconds{worker="orders-worker"} \(lastRead)
        # TYPE worker_last_progress_timestamp_seconds gauge
        worker_last_progress_timestamp_seconds{worker="orders-worker"} \(lastProgress)

        """
    }

    /// Twenty scrapes 15 s apart; `step` says what the worker reported at each.
    func worker(_ step: (Int, Double) -> String) -> [String: String] {
        var observation = Observation(watchingSince: Self.t0)
        var signals = WorkloadSignals()
        for index in 0..<21 {
            let time = Self.t0 + Double(index) * 15
            _ = signals.record(SignalTests.reading(step(index, time.timeIntervalSince1970)), at: time)
        }
        observation.signals = signals
        let found = WorkerDiagnoser.diagnose(Self.worker, observation: observation, now: Self.t0 + 300)
        return Dictionary(found.map { ($0.id.rawValue, $0.evidence) }, uniquingKeysWith: { $1 })
    }

    @Test func idleIsNotStalled() {
        // Nothing to do for 5 minutes: no reads of anything new, no progress, backlog 0.
        #expect(
            self.worker { _, _ in
                Self.workerText(
                    read: 100,
                    handled: 100,
                    failed: 0,
                    backlog: 0,
                    oldest: 0,
                    lastRead: Self.t0.timeIntervalSince1970,
                    lastProgress: Self.t0.timeIntervalSince1970 - 600
                )
            } == [:]
        )
    }

    @Test func stalledReadsButDoesNotProgress() {
        let found = self.worker { index, now in
            Self.workerText(
                read: 100 + 20 * index,
                handled: 100,
                failed: 0,
                backlog: 40 + 20 * index,
                oldest: 30 + Double(index) * 15,
                lastRead: now,
                lastProgress: Self.t0.timeIntervalSince1970
            )
        }
        #expect(found["worker.stalled"]?.hasPrefix("stalled: backlog 440, oldest 5m30s, no progress since") == true, "\(found)")
        #expect(found["worker.falling_behind"] != nil)
        #expect(found["worker.not_consuming"] == nil)
    }

    @Test func notConsumingStopsReading() {
        let found = self.worker { index, _ in
            Self.workerText(
                read: 100,
                handled: 100,
                failed: 0,
                backlog: 10 + index,
                oldest: 20,
                lastRead: Self.t0.timeIntervalSince1970 - 60,
                lastProgress: Self.t0.timeIntervalSince1970 - 60
            )
        }
        #expect(found["worker.not_consuming"]?.hasPrefix("not consuming: backlog 30, oldest 20s, no read since") == true, "\(found)")
        #expect(found["worker.stalled"] == nil)
    }

    @Test func failingNamesTheTopHandlerAndErrorClass() {
        let found = self.worker { index, now in
            Self.workerText(
                read: 100 + index,
                handled: 100 + index,
                failed: index,
                backlog: 1,
                oldest: 2,
                lastRead: now,
                lastProgress: Self.t0.timeIntervalSince1970 + 300
            )
        }
        #expect(
            found["worker.failing"]
                == "100.0% of 20 events failed over 5m (threshold 10.0%); top: `MalformedEvent` in handler `confirm-order` (event order.created), 20 failures"
        )
    }

    @Test func slowProcessingIsSlow() {
        let found = self.worker { index, now in
            Self.workerText(
                read: 50 * index,
                handled: 50 * index,
                failed: 0,
                backlog: 0,
                oldest: 0,
                lastRead: now,
                lastProgress: now,
                slow: 5 * index
            )
        }
        #expect(found["worker.slow"]?.hasPrefix("processing p50 ") == true, "\(found)")
    }

    @Test func blindWorkerIsUnknown() {
        let found = self.worker { _, _ in "# TYPE up gauge\nup 1\n" }
        #expect(found["unknown"]?.contains("has none of the worker signals") == true)
    }
}
