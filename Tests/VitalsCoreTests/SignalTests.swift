import Foundation
import Testing
import VitalsCore
import VitalsProcess

/// Scraped signals: profiles, counter resets, windows, minute rollups and quantiles.
@Suite struct SignalTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A Vitals API exposition: `ok` 200s and `failed` 500s, latencies spread over the default buckets.
    static func vitalsAPI(ok: Int, failed: Int, slow: Int = 0, start: Double = 1_799_999_000) -> String {
        self.vitalsAPI(routes: [Route(ok: ok, failed: failed, slow: slow)], start: start)
    }

    /// One endpoint's cumulative counts in ``vitalsAPI(routes:start:)``.
    struct Route {
        var method = "GET"
        var route = "/orders"
        var ok: Int
        var failed: Int
        var slow: Int = 0
    }

    /// The Vitals HTTP histogram for `routes` (slow requests land between 1 s and 2.5 s), and a start time.
    static func vitalsAPI(routes: [Route], start: Double = 1_799_999_000) -> String {
        func series(_ route: Route, _ status: Int, _ count: Int, slowCount: Int) -> String {
            let fast = count - slowCount
            let buckets: [(String, Int)] = [
                ("0.005", 0), ("0.05", fast / 2), ("0.1", fast), ("0.25", fast), ("1", fast), ("2.5", fast + slowCount / 2), ("10", count),
                ("+Inf", count),
            ]
            let labels = #"http_request_method="\#(route.method)",http_route="\#(route.route)",http_response_status_code="\#(status)""#
            return buckets.map { "http_server_request_duration_seconds_bucket{\(labels),le=\"\($0.0)\"} \($0.1)" }.joined(separator: "\n")
                + "\nhttp_server_request_duration_seconds_count{\(labels)} \(count)\nhttp_server_request_duration_seconds_sum{\(labels)} \(Double(count) * 0.08)"
        }
        let histogram = routes.map { "\(series($0, 200, $0.ok, slowCount: $0.slow))\n\(series($0, 500, $0.failed, slowCount: 0))" }
        return """
            # TYPE http_server_request_duration_seconds histogram
            \(histogram.joined(separator: "\n"))
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds \(start)

            """
    }

    static func reading(_ text: String, profile: MetricProfile? = nil) -> ScrapeReading {
        let exposition = ExpositionParser(format: .prometheus).parse(Array(text.utf8))
        precondition(exposition.errors.isEmpty, "\(exposition.errors)")
        return ScrapeReading(exposition, profile: profile ?? MetricProfile.detect(in: exposition) ?? .vitals)
    }

    @Test func countsIncreasesAcrossAResetSeriesBySeries() {
        var accumulator = WorkloadSignals()
        _ = accumulator.record(Self.reading(Self.vitalsAPI(ok: 1000, failed: 10)), at: Self.t0)
        #expect(accumulator.latest?.requests == 0, "the first scrape is the baseline")
        _ = accumulator.record(Self.reading(Self.vitalsAPI(ok: 1100, failed: 10)), at: Self.t0 + 15)
        // The process restarted: counters start again from small values.
        _ = accumulator.record(Self.reading(Self.vitalsAPI(ok: 40, failed: 5, start: 1_800_000_020)), at: Self.t0 + 30)
        let window = accumulator.window(.seconds(300))
        #expect(window?.delta.requests == 145)
        #expect(window?.delta.errors == 5)
        #expect(window?.delta.latency.total == 145)
        #expect(window?.covers == 30)
    }

    @Test func aSeriesAppearingLaterCountsInFull() {
        var accumulator = WorkloadSignals()
        _ = accumulator.record(
            Self.reading(Self.vitalsAPI(ok: 100, failed: 0).replacingOccurrences(of: "status_code=\"500\"", with: "status_code=\"201\"")),
            at: Self.t0
        )
        _ = accumulator.record(Self.reading(Self.vitalsAPI(ok: 110, failed: 3)), at: Self.t0 + 15)
        #expect(accumulator.window(.seconds(60))?.delta.errors == 3, "the first three 500s are not lost to the baseline")
    }

    @Test(arguments: [
        ("vitals", Self.vitalsAPI(ok: 10, failed: 2)),
        (
            "hummingbird",
            """
            # TYPE hb_requests counter
            hb_requests{http_route="/orders",http_request_method="GET",http_response_status_code="200"} 10
            hb_requests{http_route="/orders",http_request_method="GET",http_response_status_code="503"} 2
            # TYPE http_server_request_duration histogram
            http_server_request_duration_bucket{http_route="/orders",le="0.1"} 10
            http_server_request_duration_bucket{http_route="/orders",le="+Inf"} 10
            http_server_request_duration_count{http_route="/orders"} 10
            http_server_request_duration_sum{http_route="/orders"} 0.5

            """
        ),
        (
            "vapor",
            """
            # TYPE http_requests_total counter
            http_requests_total{method="GET",path="/orders",status="200"} 10
            http_requests_total{method="GET",path="/orders",status="500"} 2

            """
        ),
        (
            "micrometer",
            """
            # TYPE http_server_requests_seconds histogram
            http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/orders",le="0.1"} 10
            http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/orders",le="+Inf"} 10
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/orders"} 10
            http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",status="200",uri="/orders"} 0.3
            http_server_requests_seconds_bucket{method="GET",outcome="SERVER_ERROR",status="500",uri="/orders",le="0.1"} 2
            http_server_requests_seconds_bucket{method="GET",outcome="SERVER_ERROR",status="500",uri="/orders",le="+Inf"} 2
            http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",status="500",uri="/orders"} 2
            http_server_requests_seconds_sum{method="GET",outcome="SERVER_ERROR",status="500",uri="/orders"} 0.1

            """
        ),
        (
            "vapor",
            """
            # TYPE http_requests counter
            http_requests_total{method="GET",status="2xx",handler="/orders"} 10
            http_requests_total{method="GET",status="5xx",handler="/orders"} 2
            http_requests_created{method="GET",status="5xx",handler="/orders"} 1.7e9
            # EOF

            """
        ),
    ])
    func profilesReadOtherEcosystems(expected: String, text: String) {
        let format: ExpositionFormat = text.contains("# EOF") ? .openMetrics : .prometheus
        let exposition = ExpositionParser(format: format).parse(Array(text.utf8))
        #expect(exposition.errors.isEmpty)
        let profile = MetricProfile.detect(in: exposition)
        #expect(profile?.name == expected)
        var accumulator = WorkloadSignals()
        _ = accumulator.record(
            ScrapeReading(
                ExpositionParser(format: format).parse(
                    Array(text.replacingOccurrences(of: "} 10", with: "} 0").replacingOccurrences(of: "} 2\n", with: "} 0\n").utf8)
                ),
                profile: profile!
            ),
            at: Self.t0
        )
        _ = accumulator.record(ScrapeReading(exposition, profile: profile!), at: Self.t0 + 15)
        #expect(accumulator.latest?.requests == 12, "\(expected)")
        #expect(accumulator.latest?.errors == 2, "\(expected): 5xx and 503 and SERVER_ERROR are errors; _created is not a count")
    }

    @Test func minutesCloseAsTimeMovesOn() {
        var accumulator = WorkloadSignals(fastBelow: 0.25)
        var closed: [MinuteRollup] = []
        for step in 0...8 {
            closed += accumulator.record(Self.reading(Self.vitalsAPI(ok: 100 * step, failed: step, slow: 10 * step)), at: Self.t0 + Double(step) * 15)
        }
        closed += accumulator.recordFailure("connection refused", at: Self.t0 + 135)
        // t0 is 1_800_000_000 = minute 30_000_000 exactly: steps 0–3 close the first minute, 4–7 the second.
        #expect(closed.map(\.minute) == [30_000_000, 30_000_001])
        #expect(closed.map(\.requests) == [303, 404])
        #expect(closed.map(\.scrapes) == [4, 4])
        #expect(closed[1].fast == 404 - 40, "the slow ones are above 250ms")
        #expect(accumulator.openMinute?.scrapes == 1)
        #expect(accumulator.openMinute?.scrapeFailures == 1)
        #expect(accumulator.single?.consecutiveFailures == 1)
    }

    @Test func quantilesInterpolateLikePrometheus() {
        let histogram = Histogram(bounds: [0.1, 0.5, 1, .infinity], counts: [50, 90, 99, 100])
        #expect(histogram.quantile(0.5)?.value == 0.1)
        #expect(abs(histogram.quantile(0.7)!.value - 0.3) < 1e-12)
        #expect(histogram.quantile(0.99)?.value == 1)
        #expect(
            histogram.quantile(0.995) == Histogram.Quantile(value: 1, limitedByBuckets: true),
            "the +Inf bucket gives the top finite bound, flagged"
        )
        #expect(Histogram().quantile(0.99) == nil)
        #expect(Histogram(bounds: [0.1, 1], counts: [1, 2]).quantile(0.5) == nil, "no +Inf bucket, no quantile (Prometheus returns NaN)")
        #expect(histogram.count(atOrBelow: 0.5) == (90, true))
        #expect(histogram.count(atOrBelow: 0.3) == (70, false))
    }

    @Test func burnRatesPageTicketAndGuardTraffic() {
        let slo = ServiceLevelObjective(availability: 0.999, latencyBelow: nil, latencyTarget: nil, window: .seconds(30 * 86_400))
        let now: Int64 = 30_000_000
        // A clean 3 days at 100 requests a minute, then the last hour at 2% errors (20× burn).
        let first = now - Int64(3 * 1440) + 1
        var minutes: [SLOMinute] = (0..<(3 * 1440)).map { (index: Int) in
            SLOMinute(minute: first + Int64(index), requests: 100, errors: 0, timed: 100, fast: 100)
        }
        for index in (minutes.count - 60)..<minutes.count { minutes[index].errors = 2 }
        let status = SLOStatus.evaluate(slo, minutes: minutes, now: now, minRequests: 20)
        let page = status.burns.first { $0.alert.factor == 14.4 }!
        #expect(page.firing)
        #expect(abs(page.longBurn - 20) < 1e-9 && abs(page.shortBurn - 20) < 1e-9)
        let firing: [Double] = status.burns.filter { $0.firing }.map { $0.alert.factor }
        #expect(firing == [14.4], "6h burn is 20/6 ≈ 3.3×: below 6")
        let budget = status.budgets[0]
        #expect(abs(budget.remaining - (1 - (120.0 / 432_000) / 0.001)) < 1e-9)

        let quiet: [SLOMinute] = (0..<60).map { (index: Int) in
            SLOMinute(minute: now - 59 + Int64(index), requests: index % 10 == 0 ? 1 : 0, errors: index == 0 ? 1 : 0, timed: 0, fast: 0)
        }
        let quietStatus = SLOStatus.evaluate(slo, minutes: quiet, now: now, minRequests: 20)
        #expect(!quietStatus.burns.contains { $0.firing }, "6 requests, one failed: a 16,667× burn on too little traffic is not judged")
    }
}
