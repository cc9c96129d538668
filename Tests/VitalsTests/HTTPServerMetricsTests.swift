import Testing
import VitalsProcess
import VitalsSignals
import VitalsTestSupport

@testable import Vitals

@Suite struct HTTPServerMetricsTests {
    @Test func requestsAreCountedByMethodRouteAndStatus() async {
        let signals = SignalRegistry()
        let metrics = HTTPServerMetrics(signals: signals)
        for _ in 0..<3 {
            metrics.requestFinished(metrics.requestStarted(method: "GET"), route: "/orders/{id}", status: 200, seconds: 0.02)
        }
        metrics.requestFinished(metrics.requestStarted(method: "BREW"), route: "/coffee", status: 418, seconds: 0.3)
        let exposition = ExpositionSamples(await signals.exposition())
        let count = "http_server_request_duration_seconds_count"
        #expect(exposition.value(count, ["http_request_method": "GET", "http_route": "/orders/{id}", "http_response_status_code": "200"]) == 3)
        #expect(exposition.value(count, ["http_request_method": "_OTHER", "http_route": "/coffee", "http_response_status_code": "418"]) == 1)
        #expect(exposition.value("http_server_request_duration_seconds_bucket", ["http_request_method": "GET", "le": "0.025"]) == 3)
        #expect(exposition.value("http_server_request_duration_seconds_bucket", ["http_request_method": "GET", "le": "0.01"]) == 0)
        #expect(exposition.value("http_server_active_requests", ["http_request_method": "GET"]) == 0)
    }

    @Test func activeRequestsRiseAndFall() async {
        let signals = SignalRegistry()
        let metrics = HTTPServerMetrics(signals: signals)
        let first = metrics.requestStarted(method: "POST")
        _ = metrics.requestStarted(method: "POST")
        #expect(ExpositionSamples(await signals.exposition()).value("http_server_active_requests", ["http_request_method": "POST"]) == 2)
        metrics.requestFinished(first, route: "/orders", status: 201, seconds: 0.01)
        #expect(ExpositionSamples(await signals.exposition()).value("http_server_active_requests", ["http_request_method": "POST"]) == 1)
    }

    @Test func hundredThousandRawPathsStayWithinTheCap() async {
        let cap = 200
        let signals = SignalRegistry(limits: LabelLimits(valuesPerLabel: cap))
        let metrics = HTTPServerMetrics(signals: signals)
        let paths = 100_000
        for index in 0..<paths {
            // A framework integration that wrongly passes raw paths instead of templates.
            metrics.requestFinished(metrics.requestStarted(method: "GET"), route: "/users/\(index)", status: 200, seconds: 0.001)
        }
        let exposition = ExpositionSamples(await signals.exposition())
        let series = exposition.matching("http_server_request_duration_seconds_count")
        #expect(series.count == cap + 1, "the first \(cap) routes plus _other")
        #expect(series.reduce(0) { $0 + $1.value } == Double(paths), "no request lost")
        #expect(exposition.value("http_server_request_duration_seconds_count", ["http_route": "_other"]) == Double(paths - cap))
        #expect(
            exposition.value("vitals_label_overflow_total", ["metric": "http_server_request_duration_seconds", "label": "http_route"])
                == Double(paths - cap)
        )
    }

    @Test(arguments: [("GET", "GET"), ("PATCH", "PATCH"), ("get", "_OTHER"), ("PROPFIND", "_OTHER"), ("", "_OTHER")])
    func methodsOutsideTheKnownSetAreOther(method: String, label: String) {
        #expect(HTTPMethodLabel.normalised(method) == label)
    }

    @Test func requestIDsAreAcceptedOnlyWhenWellFormed() {
        #expect(RequestID.accept("3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e4f13") == "3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e4f13")
        #expect(RequestID.accept("abc\ninjected: header") != "abc\ninjected: header")
        #expect(RequestID.accept(String(repeating: "a", count: 129)).count == 32)
        #expect(RequestID.accept(nil).wholeMatch(of: /[0-9a-f]{32}/) != nil)
        #expect(RequestID.generate() != RequestID.generate())
    }
}

@Suite struct SignalRegistryTests {
    @Test func everyExpositionCarriesTheProcessStartTime() async throws {
        let start = try #require(ExpositionSamples(await SignalRegistry().exposition()).value("process_start_time_seconds"))
        let now = WallClock.system.now()
        #expect(start <= now)
        #expect(start > now - 24 * 3600, "this test process started today: \(start) vs \(now)")
        #expect(ExpositionSamples(await SignalRegistry().exposition()).value("process_start_time_seconds") == start, "one process, one start time")
    }
}
