import Foundation
import Testing
import VitalsCore

/// A workload of several instances and several routes, read as the watcher reads it: counters followed
/// per instance and summed, diagnoses that say how widespread a problem is and which routes carry it.
@Suite struct InstancesAndRoutesTests {
    typealias Route = SignalTests.Route
    static let t0 = SignalTests.t0
    static let (a, b) = ("10.0.0.7:8080", "10.0.0.9:8080")
    static let spec = try! SpecLoader.parse(
        """
        workloads:
          orders-api:
            kind: api
            instances: [10.0.0.7:8080, 10.0.0.9:8080]
            live: /health/live
            ready: /health/ready
            metrics: /metrics
            max_error_ratio: 5%
            max_p99: 1s
            routes:
              "GET /reports/{id}": { max_p99: 5s }
              "POST /orders": { max_error_ratio: 20%, slo: { availability: 99%, window: 1d } }
        """,
        file: "v.yml",
        environment: [:]
    )
    static let api = spec.workloads[0]

    /// Probes on both instances, all passing unless `live` or `ready` say otherwise for an instance.
    func observation(live: [String: [Bool]] = [:], ready: [String: [ProbeOutcome]] = [:]) -> Observation {
        var observation = Observation(watchingSince: Self.t0 - 3600)
        observation.instances = [Self.a, Self.b]
        observation.probes = Self.api.probeChecks(on: [Self.a, Self.b]).map { check in
            if check.role == .ready, let outcomes = ready[check.instance ?? ""] {
                var streak = ProbeStreak()
                for outcome in outcomes { streak.record(outcome) }
                return ProbeView(check: check, streak: streak)
            }
            let results = check.role == .live ? live[check.instance ?? ""] ?? [true] : [true]
            return ProbeView(check: check, streak: APIWorkerDiagnoserTests.streak(results))
        }
        return observation
    }

    /// Both instances scraped in turn every 15 s for 5 minutes, 7.5 s apart: `routes(instance, step)`
    /// gives each one's cumulative counts, `start(instance, step)` its process start time.
    func signals(
        steps: Int = 21,
        routes: (String, Int) -> [Route],
        start: (String, Int) -> Double = { _, _ in 1_799_999_000 }
    ) -> WorkloadSignals {
        var signals = WorkloadSignals(routeRules: Self.api.api!.routes)
        for step in 0..<steps {
            for (offset, instance) in [Self.a, Self.b].enumerated() {
                let text = SignalTests.vitalsAPI(routes: routes(instance, step), start: start(instance, step))
                _ = signals.record(SignalTests.reading(text), instance: instance, at: Self.t0 + Double(step) * 15 + Double(offset) * 7.5)
            }
        }
        return signals
    }

    func diagnose(_ observation: Observation, now: Date = t0 + 310) -> [String: String] {
        Dictionary(
            APIDiagnoser.diagnose(Self.api, observation: observation, now: now).map { ($0.id.rawValue, $0.evidence) },
            uniquingKeysWith: { $1 }
        )
    }

    @Test func countersAreFollowedPerInstanceAndSummed() {
        // Replicas far apart: one has served 100,000 requests, the other 10. Alternate scrapes are not resets.
        let signals = self.signals { instance, step in [Route(ok: instance == Self.a ? 100_000 + 100 * step : 10 + 10 * step, failed: 0)] }
        let window = signals.window(.seconds(600))
        #expect(window?.delta.requests == Double(20 * (100 + 10)), "every increase counted once, no reset read")
        #expect(signals.instances[Self.a]?.history.window(.seconds(600))?.delta.requests == 2000)
        #expect(signals.instances[Self.b]?.history.window(.seconds(600))?.delta.requests == 200)
        var observation = self.observation()
        observation.signals = signals
        #expect(self.diagnose(observation) == [:])
    }

    @Test func aRollingRestartIsQuietAndACrashLoopNamesItsInstance() {
        // Each instance restarts once, one after the other: two start times each.
        let rolling = self.signals(
            routes: { _, step in [Route(ok: 100 * (step % 8 + 1), failed: 0)] },
            start: { instance, step in 1_799_999_000 + (instance == Self.a ? (step >= 8 ? 120 : 0) : (step >= 16 ? 240 : 0)) }
        )
        var observation = self.observation()
        observation.signals = rolling
        #expect(self.diagnose(observation)["api.restarting"] == nil)

        let looping = self.signals(
            routes: { _, step in [Route(ok: 100 * (step % 5 + 1), failed: 0)] },
            start: { instance, step in instance == Self.b ? 1_799_999_000 + Double(step / 5) * 75 : 1_799_999_000 }
        )
        observation.signals = looping
        let restarting = self.diagnose(observation)["api.restarting"] ?? ""
        #expect(restarting.hasPrefix("restarting on 1 of 2 instances: 10.0.0.9:8080 with 4 restarts in 15m (process start times "), "\(restarting)")
        #expect(!restarting.contains(Self.a))
    }

    @Test func oneInstanceDownIsNotTheWorkloadDown() {
        let one = self.diagnose(self.observation(live: [Self.b: [false, false, false]]))
        #expect(one["api.down"] == nil)
        let down = one["api.instance_down"] ?? ""
        #expect(
            down.hasPrefix("1 of 2 instances: 10.0.0.9:8080 down, the others answer; liveness GET http://10.0.0.9:8080/health/live failing"),
            "\(down)"
        )
        let both = self.diagnose(self.observation(live: [Self.a: [false, false, false], Self.b: [false, false, false]]))
        #expect(Set(both.keys) == ["api.down"])
        #expect(both["api.down"]?.hasPrefix("every instance fails its liveness probe (2 of 2)") == true)
    }

    @Test func notReadyNamesTheInstanceAndTheFailingCheck() {
        let check = Self.api.probeChecks(on: [Self.b]).first { $0.role == .ready }!
        let body = Array(#"{"status":"fail","checks":{"cache":{"status":"pass"},"database":{"status":"fail","error":"timed out after 1s"}}}"#.utf8)
        let outcomes =
            [ProbeOutcome.judge(check, at: Self.t0, latency: 0.01, status: 200, reason: "OK", body: [])]
            + (1...3).map {
                ProbeOutcome.judge(check, at: Self.t0 + Double($0) * 15, latency: 1, status: 503, reason: "Service Unavailable", body: body)
            }
        let found = self.diagnose(self.observation(ready: [Self.b: outcomes]))
        let evidence = found["api.not_ready"] ?? ""
        #expect(evidence.hasPrefix("1 of 2 instances: 10.0.0.9:8080 not ready; readiness GET http://10.0.0.9:8080/health/ready"), "\(evidence)")
        #expect(evidence.hasSuffix("503 Service Unavailable, expected 2xx; failing: database: timed out after 1s"), "\(evidence)")
    }

    @Test func errorsOnOneInstanceNameThatInstanceAlone() {
        var observation = self.observation()
        observation.signals = self.signals { instance, step in [Route(ok: 100 * step, failed: instance == Self.b ? 100 * step : 0)] }
        let errors = self.diagnose(observation)["api.errors"] ?? ""
        #expect(errors.hasPrefix("5xx: 33.3% of 6,000 requests to routes without their own threshold over 5m (threshold 5.0%)"), "\(errors)")
        #expect(errors.contains("on 1 of 2 instances: 10.0.0.9:8080 50.0% of 4,000; the other 0.0%"), "\(errors)")
        #expect(!errors.contains(Self.a))
    }

    @Test func errorsSpreadEvenlyNameNoInstance() {
        // 9 % and 5.5 % of a few hundred requests: both near the 5 % threshold, neither clearly worse. The
        // errors are the workload's, and naming 10.0.0.9:8080 would send the on-call to the wrong place.
        var observation = self.observation()
        observation.signals = self.signals(steps: 21) { instance, step in
            [Route(ok: (instance == Self.b ? 91 : 94) * step / 10, failed: (instance == Self.b ? 9 : 6) * step / 10)]
        }
        let errors = self.diagnose(observation)["api.errors"] ?? ""
        #expect(errors.hasPrefix("5xx: "), "\(errors)")
        #expect(!errors.contains("instances"), "\(errors)")
        #expect(APIDiagnoser.clearlyWorse(errors: 38, of: 184, than: 0, of: 184))
        #expect(!APIDiagnoser.clearlyWorse(errors: 16, of: 184, than: 9, of: 188))
    }

    @Test func errorsOnOneRouteNameTheRoute() {
        var observation = self.observation()
        observation.signals = self.signals { _, step in
            [Route(ok: 100 * step, failed: 0), Route(method: "DELETE", route: "/orders/{id}", ok: 10 * step, failed: 10 * step)]
        }
        let errors = self.diagnose(observation)["api.errors"] ?? ""
        #expect(errors.contains("by route: `DELETE /orders/{id}` 50.0% 5xx (400 of 800), 100.0% of all errors; other routes 0.0%"), "\(errors)")
    }

    @Test func aRouteWithItsOwnThresholdsIsJudgedOnItsOwn() {
        var observation = self.observation()
        // Reports take seconds by design (p99 under 5 s is their bound); orders are fast.
        observation.signals = self.signals { _, step in
            [Route(ok: 100 * step, failed: 0), Route(route: "/reports/{id}", ok: 20 * step, failed: 0, slow: 20 * step)]
        }
        let slowReports = self.diagnose(observation)["api.latency"] ?? ""
        #expect(slowReports.hasPrefix("`GET /reports/{id}` p50"), "only the route breaks its own bound: \(slowReports)")
        #expect(slowReports.contains("(route threshold p99 5s)"))
        #expect(!slowReports.contains("threshold p99 1s"), "the reports' seconds do not count against the workload's 1 s")

        observation.signals = self.signals { _, step in
            [Route(ok: 100 * step, failed: 0, slow: 10 * step), Route(route: "/reports/{id}", ok: 20 * step, failed: 0)]
        }
        let slowOrders = self.diagnose(observation)["api.latency"] ?? ""
        #expect(slowOrders.contains("of routes without their own threshold over 5m (threshold p99 1s)"), "\(slowOrders)")

        // A route's own error bound: POST /orders may fail 20% before it counts; the rest only 5%.
        observation.signals = self.signals { _, step in
            [Route(ok: 100 * step, failed: 0), Route(method: "POST", route: "/orders", ok: 90 * step, failed: 10 * step)]
        }
        #expect(self.diagnose(observation)["api.errors"] == nil, "10% on POST /orders is within its 20%")
    }

    @Test func aRoutesSLOBurnsOnItsOwnMinutes() {
        let signals = self.signals(steps: 9) { _, step in
            [Route(ok: 100 * step, failed: 0), Route(method: "POST", route: "/orders", ok: 50 * step, failed: 50 * step)]
        }
        let closed = signals.openMinute?.routes?["POST /orders"]
        #expect(closed != nil, "the route's SLO numbers are kept in the minute rollup")
        var observation = self.observation()
        observation.signals = signals
        // An hour of the route failing half its requests: far past a 99% objective's budget.
        let minute = Int64(Self.t0.timeIntervalSince1970 / 60)
        observation.routeSLOMinutes["POST /orders"] = (0..<60).map {
            SLOMinute(minute: minute - 59 + Int64($0), requests: 600, errors: 300, timed: 600, fast: 600)
        }
        let burn = self.diagnose(observation, now: Self.t0 + 30)["api.slo_burn"] ?? ""
        #expect(burn.hasPrefix("`POST /orders` availability: burning 50.0× over 1h"), "\(burn)")
    }

    @Test func replicasBehindOneURLAreSaidToBeSoNotRestarts() {
        var observation = APIWorkerDiagnoserTests().apiObservation()
        var signals = WorkloadSignals()
        for step in 0..<10 {
            // Every scrape lands on the other replica: counters and start times alternate.
            let text = SignalTests.vitalsAPI(
                ok: step % 2 == 0 ? 50_000 + step : 10 + step,
                failed: 0,
                start: step % 2 == 0 ? 1_799_990_000 : 1_799_995_000
            )
            _ = signals.record(SignalTests.reading(text), at: Self.t0 + Double(step) * 15)
        }
        observation.signals = signals
        let found = APIDiagnoser.diagnose(APIWorkerDiagnoserTests.api, observation: observation, now: Self.t0 + 150)
        #expect(found.map(\.id) == [.unknown])
        #expect(found.first?.evidence.contains("answers from several processes") == true)
        #expect(found.first?.evidence.contains("list them under instances: or name them with dns:") == true)
    }

    @Test func probeAndMetricsRoutesAreNotTraffic() {
        let text = """
            # TYPE http_server_request_duration_seconds histogram
            http_server_request_duration_seconds_bucket{http_route="/health/ready",http_response_status_code="503",le="+Inf"} 40
            http_server_request_duration_seconds_count{http_route="/health/ready",http_response_status_code="503"} 40
            http_server_request_duration_seconds_bucket{http_route="/metrics",http_response_status_code="200",le="+Inf"} 40
            http_server_request_duration_seconds_count{http_route="/metrics",http_response_status_code="200"} 40
            http_server_request_duration_seconds_bucket{http_route="/internal/debug/vars",http_response_status_code="500",le="+Inf"} 3
            http_server_request_duration_seconds_count{http_route="/internal/debug/vars",http_response_status_code="500"} 3
            http_server_request_duration_seconds_bucket{http_route="/orders",http_response_status_code="200",le="+Inf"} 7
            http_server_request_duration_seconds_count{http_route="/orders",http_response_status_code="200"} 7

            """
        let exposition = ExpositionParser(format: .prometheus).parse(Array(text.utf8))
        let reading = ScrapeReading(exposition, profile: .vitals, ignoredRoutes: ["/internal/*"])
        let requests = reading.series.filter { if case .requests = $0.counts { true } else { false } }
        #expect(requests.map(\.value) == [7], "probes, scrapes and ignored routes left out")
        #expect(reading.ignoredSeries == 6)

        // Other ecosystems' probe routes too: Spring's actuator, Python's handler label.
        let spring = """
            # TYPE http_server_requests_seconds histogram
            http_server_requests_seconds_count{method="GET",status="503",uri="/actuator/health/readiness"} 9
            http_server_requests_seconds_count{method="GET",status="200",uri="/orders/{id}"} 4

            """
        let springReading = ScrapeReading(ExpositionParser(format: .prometheus).parse(Array(spring.utf8)), profile: .micrometer)
        #expect(springReading.series.map(\.value) == [4])
        #expect(springReading.series.first?.route == RouteKey(method: "GET", route: "/orders/{id}"))
    }

    @Test func routeKeysReadEveryFrameworksSpelling() {
        #expect(RouteKey(method: "GET", route: "/orders/:id").description == "GET /orders/{id}")
        let rule = RouteRule(method: "GET", template: "/orders/{id}")
        #expect(RouteKey(method: "GET", route: "/orders/:id").matches(rule))
        #expect(!RouteKey(method: "POST", route: "/orders/{id}").matches(rule))
        #expect(RouteKey(method: "POST", route: "/orders/{id}").matches(RouteRule(method: nil, template: "/orders/:id")))
    }

    @Test func healthBodiesOfEveryShapeNameTheFailingCheck() {
        let ours = #"{"status":"fail","checks":{"database":{"status":"fail","duration_ms":1000,"error":"timed out after 1s"}}}"#
        let ietf = #"{"status":"fail","checks":{"postgres:responseTime":[{"status":"fail","output":"connection refused\nat line 4"}]}}"#
        let spring =
            #"{"status":"DOWN","components":{"db":{"status":"DOWN","details":{"error":"CannotGetJdbcConnection"}},"disk":{"status":"UP"},"redis":{"status":"UP","components":{"main":{"status":"OUT_OF_SERVICE"}}}}}"#
        #expect(HealthBody.failingChecks(in: Array(ours.utf8)) == ["database: timed out after 1s"])
        #expect(HealthBody.failingChecks(in: Array(ietf.utf8)) == ["postgres:responseTime: connection refused"])
        #expect(HealthBody.failingChecks(in: Array(spring.utf8)) == ["db: CannotGetJdbcConnection", "redis.main: OUT_OF_SERVICE"])
        #expect(HealthBody.failingChecks(in: Array("<html>503</html>".utf8)) == [])
        #expect(HealthBody.failingChecks(in: Array(#"{"checks":"nope"}"#.utf8)) == [])
        let many = "{\"checks\":{" + (0..<8).map { "\"c\($0)\":{\"status\":\"fail\"}" }.joined(separator: ",") + "}}"
        #expect(HealthBody.summary(of: Array(many.utf8)) == "; failing: c0: fail, c1: fail, c2: fail and 5 more")
    }
}
