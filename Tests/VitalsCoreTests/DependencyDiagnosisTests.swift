import Foundation
import Testing
import VitalsCore

/// Why an API is slow or failing, read from the dependency metrics beside its own: `api.dependency`, and the
/// dependency named in `api.latency` and `api.errors`.
@Suite struct DependencyDiagnosisTests {
    static let t0 = SignalTests.t0
    static let api = APIWorkerDiagnoserTests.api

    /// Cumulative counts of one service: requests (all at one duration per phase), its database calls and its
    /// calls to a payments service, rendered as the Vitals library renders them.
    struct Service {
        var requests = 0, requestSeconds = 0.0, slowRequests = 0, failedRequests = 0
        var queries = 0, querySeconds = 0.0, slowQueries = 0
        var charges = 0, failedCharges = 0

        /// One scrape interval: `requests` requests of `requestTime` seconds each, each making one query of
        /// `queryTime` seconds and one charge call, `failing` of which the payments service answers 503.
        mutating func step(requests: Int, requestTime: Double, queryTime: Double, failing: Int = 0) {
            self.requests += requests
            self.requestSeconds += Double(requests) * requestTime
            if requestTime > 1 { self.slowRequests += requests }
            self.failedRequests += failing
            self.queries += requests
            self.querySeconds += Double(requests) * queryTime
            if queryTime > 1 { self.slowQueries += requests }
            self.charges += requests
            self.failedCharges += failing
        }

        var exposition: String {
            func histogram(_ name: String, _ labels: String, count: Int, slow: Int, sum: Double) -> [String] {
                [("0.005", count - slow), ("1", count - slow), ("2.5", count), ("+Inf", count)].map {
                    "\(name)_bucket{\(labels),le=\"\($0.0)\"} \($0.1)"
                } + ["\(name)_count{\(labels)} \(count)", "\(name)_sum{\(labels)} \(sum)"]
            }
            let route = #"http_request_method="POST",http_route="/orders""#
            let db = #"db_system_name="postgresql",db_operation_name="SELECT",server_address="orders-db",error_type="""#
            let charge = #"server_address="payments",http_request_method="POST""#
            let ok = self.requests - self.failedRequests
            return
                (["# TYPE http_server_request_duration_seconds histogram"]
                + histogram(
                    "http_server_request_duration_seconds",
                    route + #",http_response_status_code="201""#,
                    count: ok,
                    slow: self.slowRequests,
                    sum: self.requestSeconds
                )
                + histogram(
                    "http_server_request_duration_seconds",
                    route + #",http_response_status_code="502""#,
                    count: self.failedRequests,
                    slow: 0,
                    sum: 0
                )
                + ["# TYPE db_client_operation_duration_seconds histogram"]
                + histogram("db_client_operation_duration_seconds", db, count: self.queries, slow: self.slowQueries, sum: self.querySeconds)
                + ["# TYPE http_client_request_duration_seconds histogram"]
                + histogram(
                    "http_client_request_duration_seconds",
                    charge + #",http_response_status_code="201",error_type="""#,
                    count: self.charges - self.failedCharges,
                    slow: 0,
                    sum: 0.02 * Double(self.charges - self.failedCharges)
                )
                + histogram(
                    "http_client_request_duration_seconds",
                    charge + #",http_response_status_code="503",error_type="503""#,
                    count: self.failedCharges,
                    slow: 0,
                    sum: 0.01 * Double(self.failedCharges)
                )
                + ["# TYPE process_start_time_seconds gauge", "process_start_time_seconds 1799999000", ""]).joined(separator: "\n")
        }
    }

    /// `text` read as the watcher's scraper reads it: only the families a profile reads are kept.
    static func scraped(_ text: String) -> ScrapeReading {
        let exposition = ExpositionParser(format: .prometheus, keep: { MetricProfile.anyFamily.contains($0) }).parse(Array(text.utf8))
        return ScrapeReading(exposition, profile: .vitals)
    }

    /// An hour of healthy traffic (20 ms requests, 4 ms queries), then `phase` for 5 minutes; the diagnoses then.
    func diagnose(_ phase: (inout Service) -> Void) -> [String: String] {
        var service = Service()
        var signals = WorkloadSignals()
        var at = Self.t0
        for index in 0..<260 {
            if index < 240 { service.step(requests: 100, requestTime: 0.02, queryTime: 0.004) } else { phase(&service) }
            _ = signals.record(Self.scraped(service.exposition), at: at)
            at += 15
        }
        var observation = Observation(watchingSince: Self.t0)
        observation.signals = signals
        let found = APIDiagnoser.diagnose(Self.api, observation: observation, now: at)
        return Dictionary(found.map { ($0.id.rawValue, $0.evidence) }, uniquingKeysWith: { $1 })
    }

    @Test func aSlowDatabaseIsNamedAsTheCauseOfLatency() throws {
        let found = self.diagnose { $0.step(requests: 100, requestTime: 1.7, queryTime: 1.5) }
        let latency = try #require(found["api.latency"])
        #expect(
            latency.contains("88.2% of request time in `orders-db` (postgresql): p99 2.5s over 2,000 calls, was p99 4ms in the 59m45s before"),
            "\(latency)"
        )
        let dependency = try #require(found["api.dependency"])
        #expect(
            dependency.hasPrefix(
                "`orders-db` (postgresql): p99 2.5s over 5m, 2,000 calls (the API's threshold p99 1s), was p99 4ms in the 59m45s before"
            ),
            "\(dependency)"
        )
        #expect(!dependency.contains("payments"), "payments is healthy")
        #expect(found["api.errors"] == nil)
    }

    @Test func aFailingServiceIsNamedAsTheCauseOfErrors() throws {
        let found = self.diagnose { $0.step(requests: 100, requestTime: 0.02, queryTime: 0.004, failing: 40) }
        let errors = try #require(found["api.errors"])
        #expect(errors.hasSuffix("; calls failing to `payments` (http) 40.0% of 2,000"), "\(errors)")
        let dependency = try #require(found["api.dependency"])
        #expect(dependency == "`payments` (http): 40.0% of 2,000 calls failed over 5m (the API's threshold 5.0%)")
        #expect(found["api.latency"] == nil)
    }

    @Test func aSlowRequestWhoseTimeIsNotInAnyDependencyNamesNone() throws {
        let found = self.diagnose { $0.step(requests: 100, requestTime: 1.7, queryTime: 0.004) }
        let latency = try #require(found["api.latency"])
        #expect(!latency.contains("request time in"), "\(latency)")
        #expect(found["api.dependency"] == nil)
    }

    @Test func unboundedDependencyLabelsCostABoundedAmount() {
        var lines = ["# TYPE db_client_operation_duration_seconds histogram"]
        for index in 0..<500 {
            lines.append(
                #"db_client_operation_duration_seconds_count{db_system_name="redis",db_operation_name="GET",server_address="cache-\#(index)",error_type=""} 1"#
            )
        }
        var signals = WorkloadSignals()
        _ = signals.record(SignalTests.reading(lines.joined(separator: "\n") + "\n"), at: Self.t0)
        _ = signals.record(SignalTests.reading(lines.joined(separator: "\n").replacingOccurrences(of: "} 1", with: "} 3") + "\n"), at: Self.t0 + 15)
        let dependencies = signals.latest?.dependencies ?? [:]
        #expect(dependencies.count == SignalPoint.dependencyLimit + 1, "the first 20 followed, and the rest together")
        #expect(dependencies.values.map(\.calls).reduce(0, +) == 1_000, "every call counted, the rest under one key")
        #expect(dependencies[.other]?.calls == Double(2 * (500 - SignalPoint.dependencyLimit)))
    }

    @Test func routesPastTheCapFoldWhateverOrderTheyArriveIn() {
        var signals = RouteSignals()
        signals.requests = 1
        let keys = (0..<150).map { RouteKey(method: "GET", route: "/items/\($0)") }
        for order in [keys, keys.reversed(), [RouteKey.other] + keys] {
            var point = SignalPoint(at: Self.t0)
            for key in order { point.addRoute(key, signals) }
            #expect(point.routes.count == SignalPoint.routeLimit + 1, "exactly 100 followed, and the rest together")
            #expect(point.routes.values.map(\.requests).reduce(0, +) == Double(order.count))
        }
    }

    @Test func aWorkersSlowProcessingNamesTheDependencyItWaitsOn() throws {
        var observation = Observation(watchingSince: Self.t0)
        var signals = WorkloadSignals()
        for index in 0..<21 {
            let time = Self.t0 + Double(index) * 15
            // 10 events a scrape, each 30 s of processing of which 28 s in one call to the inventory service.
            let handled = 10 * index
            let text =
                APIWorkerDiagnoserTests.workerText(
                    read: handled,
                    handled: handled,
                    failed: 0,
                    backlog: 5,
                    oldest: 1,
                    lastRead: time.timeIntervalSince1970,
                    lastProgress: time.timeIntervalSince1970,
                    slow: handled
                ).replacingOccurrences(
                    of: "_sum{worker=\"orders-worker\",handler=\"confirm-order\",event_type=\"order.created\"} 1",
                    with: "_sum{worker=\"orders-worker\",handler=\"confirm-order\",event_type=\"order.created\"} \(30 * handled)"
                )
                    + """
                    # TYPE http_client_request_duration_seconds histogram
                    http_client_request_duration_seconds_bucket{server_address="inventory",http_request_method="GET",http_response_status_code="200",error_type="",le="1"} 0
                    http_client_request_duration_seconds_bucket{server_address="inventory",http_request_method="GET",http_response_status_code="200",error_type="",le="30"} \(handled)
                    http_client_request_duration_seconds_bucket{server_address="inventory",http_request_method="GET",http_response_status_code="200",error_type="",le="+Inf"} \(handled)
                    http_client_request_duration_seconds_count{server_address="inventory",http_request_method="GET",http_response_status_code="200",error_type=""} \(handled)
                    http_client_request_duration_seconds_sum{server_address="inventory",http_request_method="GET",http_response_status_code="200",error_type=""} \(28 * handled)

                    """
            _ = signals.record(Self.scraped(text), at: time)
        }
        observation.signals = signals
        let found = WorkerDiagnoser.diagnose(APIWorkerDiagnoserTests.worker, observation: observation, now: Self.t0 + 300)
        let slow = try #require(found.first { $0.id == .workerSlow }?.evidence)
        #expect(slow.contains("; 93.3% of processing time in `inventory` (http): p99 "), "\(slow)")
    }
}
