import Foundation
import Testing
import VitalsCore

/// OpenMetrics exemplars on the latency histogram point at requests by trace id: the watcher keeps the slow
/// and failed ones it reads and names them in evidence, the slowest of the window first.
@Suite struct ExemplarTests {
    static let t0 = SignalTests.t0
    static let api = APIWorkerDiagnoserTests.api

    /// Cumulative counts as client_golang writes them with exemplars: fast 201s, `slow` 2.3 s ones, `failed` 500s.
    static func exposition(ok: Int, slow: Int, failed: Int, slowTrace: String?, failedTrace: String?) -> String {
        func series(_ status: Int, count: Int, slowCount: Int, trace: String?, value: Double) -> String {
            let labels = #"http_request_method="POST",http_route="/orders",http_response_status_code="\#(status)""#
            let exemplar = { (bound: String) -> String in
                guard let trace, bound == (value > 1 ? "2.5" : "0.1") else { return "" }
                return #" # {trace_id="\#(trace)",span_id="00f067aa0ba902b7"} \#(value) 1800000000.5"#
            }
            return [("0.1", count - slowCount), ("2.5", count), ("+Inf", count)].map {
                "http_server_request_duration_seconds_bucket{\(labels),le=\"\($0.0)\"} \($0.1)\(exemplar($0.0))"
            }.joined(separator: "\n")
                + "\nhttp_server_request_duration_seconds_count{\(labels)} \(count)\nhttp_server_request_duration_seconds_sum{\(labels)} \(Double(count) * 0.1)"
        }
        return """
            # TYPE http_server_request_duration_seconds histogram
            \(series(201, count: ok + slow, slowCount: slow, trace: slowTrace, value: 2.3))
            \(series(500, count: failed, slowCount: 0, trace: failedTrace, value: 0.05))
            # EOF

            """
    }

    func diagnose(
        _ steps: [(ok: Int, slow: Int, failed: Int, slowTrace: String?, failedTrace: String?)],
        links: (trace: String?, logs: String?) = (nil, nil)
    ) -> [String: String] {
        var signals = WorkloadSignals()
        for (index, step) in steps.enumerated() {
            let text = Self.exposition(ok: step.ok, slow: step.slow, failed: step.failed, slowTrace: step.slowTrace, failedTrace: step.failedTrace)
            let exposition = ExpositionParser(format: .openMetrics, keep: { MetricProfile.anyFamily.contains($0) }).parse(Array(text.utf8))
            #expect(exposition.errors.isEmpty, "\(exposition.errors)")
            _ = signals.record(ScrapeReading(exposition, profile: .vitals), at: Self.t0 + Double(index) * 15)
        }
        var observation = Observation(watchingSince: Self.t0)
        observation.signals = signals
        (observation.traceLink, observation.logsLink) = links
        let found = APIDiagnoser.diagnose(Self.api, observation: observation, now: Self.t0 + Double(steps.count - 1) * 15)
        return Dictionary(found.map { ($0.id.rawValue, $0.evidence) }, uniquingKeysWith: { $1 })
    }

    /// 25 minutes: an old slow request's exemplar stays in the exposition, then the window goes bad.
    static var steps: [(ok: Int, slow: Int, failed: Int, slowTrace: String?, failedTrace: String?)] {
        var steps: [(ok: Int, slow: Int, failed: Int, slowTrace: String?, failedTrace: String?)] = []
        for index in 0..<100 {
            let bad = index >= 80
            let slow = bad ? (index - 79) * 50 : 0
            let failed = bad ? (index - 79) * 20 : 0
            steps.append(
                (
                    ok: index * 100, slow: slow, failed: failed,
                    slowTrace: bad ? "4BF92F3577B34DA6A3CE929D0E0E4736" : "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                    failedTrace: bad ? "0af7651916cd43dd8448eb211c80319c" : nil
                )
            )
        }
        return steps
    }

    @Test func theSlowestAndAFailedRequestOfTheWindowAreNamedByTrace() throws {
        let found = self.diagnose(Self.steps)
        let latency = try #require(found["api.latency"])
        #expect(latency.contains("; slowest: trace 4bf92f3577b34da6a3ce929d0e0e4736 on `POST /orders`, 2.3s"), "\(latency)")
        #expect(!latency.contains("aaaaaaaa"), "a request from before the window is not this window's")
        let errors = try #require(found["api.errors"])
        #expect(errors.contains("; a failed request: trace 0af7651916cd43dd8448eb211c80319c on `POST /orders`, 50ms"), "\(errors)")
    }

    @Test func theSpecsLinksOpenTheTraceAndItsLogs() throws {
        let spec = try SpecLoader.parse(
            """
            watcher:
              links: { trace: "https://tempo.example/trace/{trace_id}", logs: "https://logs.example/?q=trace_id:{trace_id}" }
            workloads:
              api: { kind: api, live: "http://127.0.0.1:8080/health/live" }
            """,
            file: "v.yml",
            environment: [:]
        )
        let found = self.diagnose(Self.steps, links: (spec.watcher.traceLink, spec.watcher.logsLink))
        let latency = try #require(found["api.latency"])
        let id = "4bf92f3577b34da6a3ce929d0e0e4736"
        let expected =
            "slowest: trace \(id) on `POST /orders`, 2.3s (trace: https://tempo.example/trace/\(id), logs: https://logs.example/?q=trace_id:\(id))"
        #expect(latency.contains(expected), "\(latency)")
    }

    @Test(arguments: [#"{ trace: "https://tempo.example/trace/" }"#, #"{ trace: "tempo/{trace_id}" }"#])
    func aLinkThatCannotTakeATraceIsRefusedWhereItIsWritten(links: String) {
        do {
            _ = try SpecLoader.parse("watcher:\n  links: \(links)\nworkloads: {}\n", file: "v.yml", environment: [:])
            Issue.record("\(links) was accepted")
        } catch {
            #expect("\(error)".contains("v.yml:2:"), "located: \(error)")
            #expect("\(error)".contains("watcher.links.trace"), "\(error)")
        }
    }

    @Test func exemplarsWithoutAUsableTraceIDAreLeftOut() {
        let text = """
            # TYPE http_server_request_duration_seconds histogram
            http_server_request_duration_seconds_bucket{http_route="/a",le="1"} 1 # {trace_id="not hex!"} 0.5
            http_server_request_duration_seconds_bucket{http_route="/a",le="2"} 2 # {user="alice"} 1.5
            http_server_request_duration_seconds_bucket{http_route="/a",le="+Inf"} 3 # {trace_id="abc123"} NaN
            http_server_request_duration_seconds_count{http_route="/a"} 3
            # EOF

            """
        let exposition = ExpositionParser(format: .openMetrics).parse(Array(text.utf8))
        #expect(exposition.errors.isEmpty, "\(exposition.errors)")
        #expect(ScrapeReading(exposition, profile: .vitals).exemplars.isEmpty)
    }
}
