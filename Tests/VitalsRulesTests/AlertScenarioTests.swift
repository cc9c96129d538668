import Foundation
import Testing
import VitalsCore
import VitalsProcess
import VitalsRules

/// Each generated alert fires on its scenario and stays quiet otherwise, proven by the real
/// `promtool test rules` (series at one-minute steps from time 0; `ALERTS` read back by PromQL).
///
/// Serialized, on one compiled fixture: 27 promtool processes at once saturate a 2-core machine and
/// starve the timing-sensitive tests running beside them.
@Suite(.serialized) struct AlertScenarioTests {
    static let fixture = Result { try RulesFixture() }

    struct Scenario {
        var name: String
        var rules: String
        var series: [(String, String)]
        var at: String
        var alert: String
        var fires: Bool
        /// Further matchers on the alert, such as `route="GET /search"`, or `route=""` for the workload's own.
        var matching: String = ""
    }

    static func api(_ okPerMinute: Int, _ failedPerMinute: Int, minutes: Int = 30) -> [(String, String)] {
        [
            (#"http_server_request_duration_seconds_count{job="orders-api",http_response_status_code="200"}"#, "0+\(okPerMinute)x\(minutes)"),
            (#"http_server_request_duration_seconds_count{job="orders-api",http_response_status_code="500"}"#, "0+\(failedPerMinute)x\(minutes)"),
            (#"up{job="orders-api"}"#, "1x\(minutes)"),
        ]
    }

    /// 600 requests a minute, in buckets; `slow` of them between 1 s and 2.5 s.
    static func latency(slow: Int) -> [(String, String)] {
        [("0.1", 500 - slow), ("0.25", 590 - slow), ("1", 600 - slow), ("2.5", 600), ("+Inf", 600)].map { bound, count in
            (#"http_server_request_duration_seconds_bucket{job="orders-api",http_response_status_code="200",le="\#(bound)"}"#, "0+\(count)x30")
        } + [(#"http_server_request_duration_seconds_count{job="orders-api",http_response_status_code="200"}"#, "0+600x30")]
    }

    /// The two instances of fleet-api: `route` requests a minute per instance, `slow` of each 600 between 1 s
    /// and 2.5 s, `failed` of them 5xx; the other routes fast and fine.
    static func fleet(route: String, slow: Int = 0, failed: Int = 0, readinessFailures: Int = 0) -> [(String, String)] {
        let instances = ["127.0.0.1:9001", "127.0.0.1:9002"]
        return instances.flatMap { instance -> [(String, String)] in
            let base = #"job="fleet-api",instance="\#(instance)""#
            func routeSeries(_ path: String, method: String, slow: Int, failed: Int) -> [(String, String)] {
                let labels = #"\#(base),http_route="\#(path)",http_request_method="\#(method)""#
                return [("0.1", 500 - slow), ("1", 600 - slow), ("2.5", 600), ("+Inf", 600)].map { bound, count in
                    (#"http_server_request_duration_seconds_bucket{\#(labels),http_response_status_code="200",le="\#(bound)"}"#, "0+\(count)x30")
                } + [
                    (#"http_server_request_duration_seconds_count{\#(labels),http_response_status_code="200"}"#, "0+\(600 - failed)x30"),
                    (#"http_server_request_duration_seconds_count{\#(labels),http_response_status_code="500"}"#, "0+\(failed)x30"),
                ]
            }
            let (method, path) = (
                route.split(separator: " ").first.map(String.init) ?? "GET", route.split(separator: " ").last.map(String.init) ?? "/"
            )
            return routeSeries(path, method: method, slow: slow, failed: failed)
                + routeSeries("/orders/{id}", method: "GET", slow: 0, failed: 0)
                + [
                    // The watcher's readiness probes, failing: not the service's errors.
                    (
                        #"http_server_request_duration_seconds_count{\#(base),http_route="/health/ready",http_request_method="GET",http_response_status_code="503"}"#,
                        "0+\(readinessFailures)x30"
                    ),
                    (#"up{\#(base)}"#, "1x30"),
                ]
        }
    }

    /// fleet-api's blackbox probes: liveness and readiness per instance (1 passes, 0 fails; readiness that
    /// fails was ready for its first minutes, or it would be never ready).
    static func fleetProbes(live: [Int], ready: [Int] = [1, 1]) -> [(String, String)] {
        zip(["127.0.0.1:9001", "127.0.0.1:9002"], zip(live, ready)).flatMap { instance, result in
            [
                (#"probe_success{job="fleet-api-live",instance="\#(instance)"}"#, "\(result.0)x30"),
                (#"probe_success{job="fleet-api-ready",instance="\#(instance)"}"#, result.1 == 1 ? "1x30" : "1x4 0x25"),
            ]
        }
    }

    static func worker(lastProgress: String) -> [(String, String)] {
        [
            (#"worker_queue_depth{job="orders-worker",worker="orders-worker",queue="q"}"#, "50x20"),
            (#"worker_last_read_timestamp_seconds{job="orders-worker",worker="orders-worker"}"#, "0+60x20"),
            (#"worker_last_progress_timestamp_seconds{job="orders-worker",worker="orders-worker"}"#, lastProgress),
            (#"worker_events_read_total{job="orders-worker",worker="orders-worker",source="q"}"#, "0+10x20"),
        ]
    }

    /// The job gauges after a last run starting at `lastRun` (promtool notation) with `status` and `records`.
    static func job(lastRun: String, status: Int = 1, records: Int = 5) -> [(String, String)] {
        [
            (#"job_last_run_timestamp_seconds{job="nightly"}"#, lastRun),
            (#"job_last_success_timestamp_seconds{job="nightly"}"#, status == 1 ? lastRun : "-100000x20"),
            (#"job_last_run_status{job="nightly"}"#, "\(status)x20"),
            (#"job_last_run_records{job="nightly"}"#, "\(records)x20"),
        ]
    }

    static func workerEvents(failedPerMinute: Int) -> [(String, String)] {
        worker(lastProgress: "0+60x20") + [
            (
                #"worker_events_handled_total{job="orders-worker",worker="orders-worker",handler="confirm",event_type="order.created",outcome="success"}"#,
                "0+5x20"
            ),
            (
                #"worker_events_handled_total{job="orders-worker",worker="orders-worker",handler="confirm",event_type="order.created",outcome="failed"}"#,
                "0+\(failedPerMinute)x20"
            ),
        ]
    }

    /// An hour of 600 requests a minute with `before` of them failing on 1.4.2, then half an hour on
    /// `version` (1.4.3: a deploy at minute 61) with `after` failing.
    static func deploy(before: Int, after: Int, version: String = "1.4.3") -> [(String, String)] {
        let request = #"http_server_request_duration_seconds_count{job="orders-api",http_response_status_code="#
        return [
            (request + #""200"}"#, "0+\(600 - before)x60 \(60 * (600 - before) + 600 - after)+\(600 - after)x29"),
            (request + #""500"}"#, "0+\(before)x60 \(60 * before + after)+\(after)x29"),
            (#"up{job="orders-api"}"#, "1x90"),
            (#"vitals_build_info{job="orders-api",version="1.4.2",revision="a"}"#, version == "1.4.2" ? "1x90" : "1x60 _x29"),
        ] + (version == "1.4.2" ? [] : [(#"vitals_build_info{job="orders-api",version="\#(version)",revision="b"}"#, "_x61 1x28")])
    }

    static let scenarios: [Scenario] = [
        Scenario(
            name: "errors ten times what they were before a deploy",
            rules: "orders-api",
            series: deploy(before: 3, after: 30),
            at: "75m",
            alert: "VitalsApiRegressedAfterDeploy",
            fires: true
        ),
        Scenario(
            name: "the same errors without a deploy",
            rules: "orders-api",
            series: deploy(before: 3, after: 30, version: "1.4.2"),
            at: "75m",
            alert: "VitalsApiRegressedAfterDeploy",
            fires: false
        ),
        Scenario(
            name: "a deploy that changes nothing",
            rules: "orders-api",
            series: deploy(before: 3, after: 3),
            at: "75m",
            alert: "VitalsApiRegressedAfterDeploy",
            fires: false
        ),
        Scenario(name: "10% errors for 10 minutes", rules: "orders-api", series: api(540, 60), at: "10m", alert: "VitalsApiErrors", fires: true),
        Scenario(name: "0.5% errors", rules: "orders-api", series: api(597, 3), at: "10m", alert: "VitalsApiErrors", fires: false),
        Scenario(name: "errors on too little traffic", rules: "orders-api", series: api(1, 1), at: "10m", alert: "VitalsApiErrors", fires: false),
        Scenario(name: "p99 above 1 s", rules: "orders-api", series: latency(slow: 30), at: "10m", alert: "VitalsApiLatency", fires: true),
        Scenario(name: "p99 below 1 s", rules: "orders-api", series: latency(slow: 0), at: "10m", alert: "VitalsApiLatency", fires: false),
        Scenario(
            name: "last success older than two periods + grace",
            rules: "nightly",
            series: job(lastRun: "-10000x20"),
            at: "10m",
            alert: "VitalsJobStale",
            fires: true
        ),
        Scenario(name: "a fresh success", rules: "nightly", series: job(lastRun: "500x20"), at: "10m", alert: "VitalsJobStale", fires: false),
        Scenario(
            name: "no start for a period + grace",
            rules: "nightly",
            series: job(lastRun: "-10000x20"),
            at: "10m",
            alert: "VitalsJobNotRunning",
            fires: true
        ),
        Scenario(name: "started on time", rules: "nightly", series: job(lastRun: "500x20"), at: "10m", alert: "VitalsJobNotRunning", fires: false),
        Scenario(
            name: "the last run failed",
            rules: "nightly",
            series: job(lastRun: "500x20", status: 0),
            at: "10m",
            alert: "VitalsJobFailed",
            fires: true
        ),
        Scenario(name: "the last run succeeded", rules: "nightly", series: job(lastRun: "500x20"), at: "10m", alert: "VitalsJobFailed", fires: false),
        Scenario(
            name: "success with 0 records",
            rules: "nightly",
            series: job(lastRun: "500x20", records: 0),
            at: "10m",
            alert: "VitalsJobEmptyOutput",
            fires: true
        ),
        Scenario(
            name: "success with records",
            rules: "nightly",
            series: job(lastRun: "500x20"),
            at: "10m",
            alert: "VitalsJobEmptyOutput",
            fires: false
        ),
        Scenario(
            name: "backlog, no reads",
            rules: "orders-worker",
            series: worker(lastProgress: "0x20").map { $0.0.hasPrefix("worker_last_read") ? ($0.0, "0x20") : $0 },
            at: "10m",
            alert: "VitalsWorkerNotConsuming",
            fires: true
        ),
        Scenario(
            name: "backlog, reads",
            rules: "orders-worker",
            series: worker(lastProgress: "0+60x20"),
            at: "10m",
            alert: "VitalsWorkerNotConsuming",
            fires: false
        ),
        Scenario(
            name: "half the events fail",
            rules: "orders-worker",
            series: workerEvents(failedPerMinute: 5),
            at: "10m",
            alert: "VitalsWorkerFailing",
            fires: true
        ),
        Scenario(
            name: "no event fails",
            rules: "orders-worker",
            series: workerEvents(failedPerMinute: 0),
            at: "10m",
            alert: "VitalsWorkerFailing",
            fires: false
        ),
        Scenario(
            name: "the process restarts every minute",
            rules: "orders-api",
            series: api(100, 0) + [(#"process_start_time_seconds{job="orders-api"}"#, "0+60x30")],
            at: "10m",
            alert: "VitalsApiRestarting",
            fires: true
        ),
        Scenario(
            name: "the process keeps running",
            rules: "orders-api",
            series: api(100, 0) + [(#"process_start_time_seconds{job="orders-api"}"#, "0x30")],
            at: "10m",
            alert: "VitalsApiRestarting",
            fires: false
        ),
        Scenario(
            name: "traffic stops",
            rules: "orders-api",
            series: api(100, 0, minutes: 20).map { ($0.0, $0.0.hasPrefix("up") ? "1x40" : $0.1 + " \($0.1.contains("+100") ? 2000 : 0)x20") },
            at: "35m",
            alert: "VitalsApiNoTraffic",
            fires: true
        ),
        Scenario(
            name: "traffic continues",
            rules: "orders-api",
            series: api(100, 0, minutes: 40),
            at: "35m",
            alert: "VitalsApiNoTraffic",
            fires: false
        ),
        Scenario(
            name: "backlog, reads, no progress",
            rules: "orders-worker",
            series: worker(lastProgress: "0x20"),
            at: "10m",
            alert: "VitalsWorkerStalled",
            fires: true
        ),
        Scenario(
            name: "backlog, reads, progress",
            rules: "orders-worker",
            series: worker(lastProgress: "0+60x20"),
            at: "10m",
            alert: "VitalsWorkerStalled",
            fires: false
        ),
        // 2% errors against 99.9%: a 20× burn pages; 0.4% (4×) over hours opens a ticket and does not page.
        Scenario(
            name: "fast burn",
            rules: "orders-api",
            series: api(588, 12, minutes: 70),
            at: "65m",
            alert: "VitalsApiSloBurnAvailabilityPage",
            fires: true
        ),
        Scenario(
            name: "slow burn does not page",
            rules: "orders-api",
            series: api(996, 4, minutes: 200),
            at: "190m",
            alert: "VitalsApiSloBurnAvailabilityPage",
            fires: false
        ),
        Scenario(
            name: "slow burn opens a ticket",
            rules: "orders-api",
            series: api(996, 4, minutes: 200),
            at: "190m",
            alert: "VitalsApiSloBurnAvailabilityTicket",
            fires: true
        ),
        Scenario(
            name: "no burn",
            rules: "orders-api",
            series: api(1000, 0, minutes: 200),
            at: "190m",
            alert: "VitalsApiSloBurnAvailabilityTicket",
            fires: false
        ),
        // Several instances, routes with their own thresholds, and the watcher's own probes.
        Scenario(
            name: "one slow route",
            rules: "fleet-api",
            series: fleet(route: "GET /search", slow: 30),
            at: "10m",
            alert: "VitalsApiLatency",
            fires: true,
            matching: #"route="GET /search""#
        ),
        Scenario(
            name: "one slow route, under its own 2 s",
            rules: "fleet-api",
            series: fleet(route: "GET /search", slow: 3),
            at: "10m",
            alert: "VitalsApiLatency",
            fires: false
        ),
        Scenario(
            name: "one slow route is not the workload's latency",
            rules: "fleet-api",
            series: fleet(route: "GET /search", slow: 30),
            at: "10m",
            alert: "VitalsApiLatency",
            fires: false,
            matching: #"route="""#
        ),
        Scenario(
            name: "a slow route without a threshold of its own",
            rules: "fleet-api",
            series: fleet(route: "GET /reports", slow: 30),
            at: "10m",
            alert: "VitalsApiLatency",
            fires: true,
            matching: #"route="""#
        ),
        Scenario(
            name: "2% errors on a route allowed 1%",
            rules: "fleet-api",
            series: fleet(route: "POST /orders", failed: 12),
            at: "10m",
            alert: "VitalsApiErrors",
            fires: true,
            matching: #"route="POST /orders""#
        ),
        Scenario(
            name: "a route's errors under its own threshold",
            rules: "fleet-api",
            series: fleet(route: "POST /orders", failed: 3),
            at: "10m",
            alert: "VitalsApiErrors",
            fires: false
        ),
        Scenario(
            name: "a route's fast burn",
            rules: "fleet-api",
            series: fleet(route: "POST /orders", failed: 12),
            at: "10m",
            alert: "VitalsApiSloBurnAvailabilityPage",
            fires: true,
            matching: #"route="POST /orders""#
        ),
        Scenario(
            name: "readiness 503s are not errors",
            rules: "fleet-api",
            series: fleet(route: "GET /search", readinessFailures: 600),
            at: "10m",
            alert: "VitalsApiErrors",
            fires: false
        ),
        Scenario(
            name: "one instance down",
            rules: "fleet-api",
            series: fleetProbes(live: [1, 0]),
            at: "10m",
            alert: "VitalsApiInstanceDown",
            fires: true,
            matching: #"instance="127.0.0.1:9002""#
        ),
        Scenario(
            name: "one instance down is not the API down",
            rules: "fleet-api",
            series: fleetProbes(live: [1, 0]),
            at: "10m",
            alert: "VitalsApiDown",
            fires: false
        ),
        Scenario(name: "every instance down", rules: "fleet-api", series: fleetProbes(live: [0, 0]), at: "10m", alert: "VitalsApiDown", fires: true),
        Scenario(
            name: "every instance down is not one instance down",
            rules: "fleet-api",
            series: fleetProbes(live: [0, 0]),
            at: "10m",
            alert: "VitalsApiInstanceDown",
            fires: false
        ),
        Scenario(
            name: "one instance alive but not ready",
            rules: "fleet-api",
            series: fleetProbes(live: [1, 1], ready: [0, 1]),
            at: "10m",
            alert: "VitalsApiNotReady",
            fires: true,
            matching: #"instance="127.0.0.1:9001""#
        ),
        Scenario(
            name: "a dead instance is not 'not ready'",
            rules: "fleet-api",
            series: fleetProbes(live: [0, 1], ready: [0, 1]),
            at: "10m",
            alert: "VitalsApiNotReady",
            fires: false
        ),
    ]

    @Test(arguments: Self.scenarios.indices)
    func alertFiresOnItsScenarioOnly(index: Int) async throws {
        let scenario = Self.scenarios[index]
        let fixture = try Self.fixture.get()
        let series = scenario.series.map { "      - series: '\($0.0)'\n        values: '\($0.1)'\n" }.joined()
        let expected = scenario.fires ? "\n          - labels: '{alertname=\"\(scenario.alert)\"}'\n            value: 1" : " []"
        let test = """
            rule_files: [prometheus/\(scenario.rules).rules.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
            \(series)    promql_expr_test:
                  - expr: count by (alertname) (ALERTS{alertname="\(scenario.alert)", alertstate="firing"\(scenario.matching.isEmpty ? "" : ", " + scenario.matching)})
                    eval_time: \(scenario.at)
                    exp_samples:\(expected)

            """
        let file = fixture.directory.appendingPathComponent("scenario-\(index).test.yml")
        try test.write(to: file, atomically: true, encoding: .utf8)
        let result = try await fixture.run("promtool", ["test", "rules", file.path])
        #expect(
            result.status == 0,
            "\(scenario.name): \(scenario.alert) should \(scenario.fires ? "fire" : "stay quiet")\n\(result.output)\(result.errors)"
        )
    }
}
