import VitalsBase
import VitalsCore
import VitalsSignals

/// The `api.*` diagnoses as PromQL: the same thresholds and windows the watcher uses (`window`,
/// `max_error_ratio`, `max_p99`, `min_events`), read through the workload's metric profile.
enum APIRules {
    static func group(_ workload: Workload, api: Workload.API, profile: MetricProfile) -> RuleGroup {
        let names = SeriesNames(workload: workload, profile: profile)
        let thresholds = api.thresholds
        let window = PromQL.duration(thresholds.window)
        let minEvents = thresholds.minEvents
        let ratio = thresholds.errorRatio(for: .api)
        let p99 = thresholds.p99(for: .api).inSeconds
        // Routes with a threshold of their own are judged on their own and left out of the workload's rule.
        let ownRatio = api.routes.filter { $0.maxErrorRatio != nil }
        let ownP99 = api.routes.filter { $0.maxP99 != nil }
        let requests = names.requestIncrease(window)
        var group = RuleGroup(name: "vitals-\(workload.name)")
        let labels = [("workload", workload.name), ("kind", "api")]
        group.recording = [
            RecordingRule(record: "vitals:http_requests:rate\(window)", expr: names.requestRate(window), labels: labels),
            RecordingRule(
                record: "vitals:http_errors:ratio_rate\(window)",
                expr: "\(names.requestRate(window, errorsOnly: true)) / \(names.requestRate(window))",
                labels: labels
            ),
            RecordingRule(record: "vitals:http_latency:p99_\(window)", expr: names.latencyQuantile(0.99, window: window), labels: labels),
            RecordingRule(record: "vitals:http_latency:p50_\(window)", expr: names.latencyQuantile(0.5, window: window), labels: labels),
        ]
        func alert(_ id: Diagnosis.ID, _ severity: Severity, _ expr: String, _ summary: String, _ description: String, route: RouteRule? = nil) {
            group.alert(workload, id, severity, expr, summary, description, route: route)
        }
        let live = "probe_success{job=\"\(workload.name)-live\"}"
        if let path = api.endpoints.live {
            // Down is every instance down; one down among several is api.instance_down.
            alert(
                .apiDown,
                .critical,
                "max(\(live)) == 0",
                "\(workload.name) is down",
                "The liveness probe of \(workload.name) (\(path)) fails on every instance."
            )
            if api.endpoints.instances != nil {
                alert(
                    .apiInstanceDown,
                    .warning,
                    "\(live) == 0 and on () (max(\(live)) == 1)",
                    "An instance of \(workload.name) is down",
                    "{{ $labels.instance }} fails the liveness probe (\(path)) while other instances answer."
                )
            }
        }
        if let path = api.endpoints.ready {
            alert(
                .apiNotReady,
                .critical,
                "probe_success{job=\"\(workload.name)-ready\"} == 0 and on (instance) \(live) == 1",
                "\(workload.name) is alive but not ready",
                "The readiness probe of \(workload.name) (\(path)) fails on {{ $labels.instance }} while liveness passes."
            )
        }
        guard api.endpoints.metrics != nil else { return group }
        alert(
            .apiErrors,
            .critical,
            "(\(names.requestRate(window, errorsOnly: true, excluding: ownRatio)) / \(names.requestRate(window, excluding: ownRatio)) >= \(PromQL.number(ratio))) and on() (\(requests) >= \(minEvents))",
            "\(workload.name) answers too many 5xx",
            "5xx: {{ $value | humanizePercentage }} of requests over \(window) (threshold \(PromQL.number(ratio * 100))%)."
        )
        for route in ownRatio {
            let bound = route.maxErrorRatio ?? ratio
            alert(
                .apiErrors,
                .critical,
                "(\(names.requestRate(window, errorsOnly: true, route: route)) / \(names.requestRate(window, route: route)) >= \(PromQL.number(bound))) and on() (\(names.requestIncrease(window, route: route)) >= \(minEvents))",
                "\(route.key) on \(workload.name) answers too many 5xx",
                "5xx on \(route.key): {{ $value | humanizePercentage }} of requests over \(window) (route threshold \(PromQL.number(bound * 100))%).",
                route: route
            )
        }
        alert(
            .apiLatency,
            .warning,
            "(\(names.latencyQuantile(0.99, window: window, excluding: ownP99)) > \(PromQL.number(p99))) and on() (\(requests) >= \(minEvents))",
            "\(workload.name) is slow",
            "p99 {{ $value | humanizeDuration }} over \(window) (threshold \(PromQL.number(p99))s); a value equal to the top finite bucket may be higher in reality."
        )
        for route in ownP99 {
            let bound = route.maxP99?.inSeconds ?? p99
            alert(
                .apiLatency,
                .warning,
                "(\(names.latencyQuantile(0.99, window: window, route: route)) > \(PromQL.number(bound))) and on() (\(names.requestIncrease(window, route: route)) >= \(minEvents))",
                "\(route.key) on \(workload.name) is slow",
                "p99 of \(route.key) {{ $value | humanizeDuration }} over \(window) (route threshold \(PromQL.number(bound))s).",
                route: route
            )
        }
        self.dependencyRules(workload, names: names, window: window, minEvents: minEvents, ratio: ratio, p99: p99, into: &group)
        self.deployRules(workload, names: names, window: window, requests: requests, minEvents: minEvents, into: &group)
        // Per instance: a rolling restart changes each start time once; a crash loop keeps changing one.
        alert(
            .apiRestarting,
            .critical,
            "changes(\(SeriesNames.startTime)\(names.selector())[15m]) >= 2",
            "\(workload.name) keeps restarting",
            "The process start time of {{ $labels.instance }} changed {{ $value }} times in 15m."
        )
        let (quiet, lookback) = (PromQL.duration(api.noTrafficAfter), PromQL.duration(api.noTrafficAfter + APIDiagnoser.trafficBefore))
        alert(
            .apiNoTraffic,
            .warning,
            "(\(names.requestIncrease(quiet)) == 0) and on() (\(names.requestIncrease(lookback)) > 0)",
            "\(workload.name) gets no traffic",
            "No requests for \(quiet) after traffic in the hour before (probes and scrapes not counted)."
        )
        return group
    }

    /// `api.regressed_after_deploy`: within 30 minutes of a deploy (more than one `version` of
    /// `vitals_build_info` seen), the error ratio or p99 clearly worse than an hour ago, before the deploy —
    /// the watcher's margins: 5xx double and a point more, p99 1.5 times and 100 ms more. PromQL has no
    /// "the hour before the deploy"; an hour ago is before any deploy of the last 30 minutes.
    private static func deployRules(
        _ workload: Workload,
        names: SeriesNames,
        window: String,
        requests: String,
        minEvents: Int,
        into group: inout RuleGroup
    ) {
        let deployed = "count(count by (version) (count_over_time(\(Signal.Build.info.name)\(names.selector())[30m]))) > 1"
        let errors = "vitals:http_errors:ratio_rate\(window){workload=\"\(workload.name)\"}"
        let p99 = "vitals:http_latency:p99_\(window){workload=\"\(workload.name)\"}"
        let guardrails = "and on() (\(requests) >= \(minEvents)) and on() (\(deployed))"
        group.alert(
            workload,
            .apiRegressedAfterDeploy,
            .critical,
            "(\(errors) > 2 * (\(errors) offset 1h) and \(errors) - (\(errors) offset 1h) > 0.01) \(guardrails)",
            "\(workload.name) fails more since its deploy",
            "5xx {{ $value | humanizePercentage }} over \(window) since a new version started in the last 30m, at least double an hour ago."
        )
        group.alert(
            workload,
            .apiRegressedAfterDeploy,
            .warning,
            "(\(p99) > 1.5 * (\(p99) offset 1h) and \(p99) - (\(p99) offset 1h) > 0.1) \(guardrails)",
            "\(workload.name) is slower since its deploy",
            "p99 {{ $value | humanizeDuration }} over \(window) since a new version started in the last 30m, 1.5 times an hour ago and 100ms more."
        )
    }

    /// `api.dependency` per dependency (`server_address`), over database and HTTP client calls alike: failing
    /// more often than the API may, or slower than the API's own p99 threshold; recorded for the dashboards.
    private static func dependencyRules(
        _ workload: Workload,
        names: SeriesNames,
        window: String,
        minEvents: Int,
        ratio: Double,
        p99: Double,
        into group: inout RuleGroup
    ) {
        let histograms = [Signal.Dependency.databaseDuration.name, Signal.Dependency.httpDuration.name]
        func each(_ suffix: String, by: String, _ extra: String = "", increase: Bool = false) -> String {
            let function = increase ? "increase" : "rate"
            return histograms.map { "sum by (\(by)) (\(function)(\($0)\(suffix)\(names.selector(extra))[\(window)]))" }.joined(separator: " or ")
        }
        let calls = each("_count", by: "server_address")
        let failed = each("_count", by: "server_address", "error_type!=\"\"")
        let latency = "histogram_quantile(0.99, \(each("_bucket", by: "server_address, le")))"
        let labels = [("workload", workload.name), ("kind", "api")]
        group.recording += [
            RecordingRule(record: "vitals:dependency_calls:rate\(window)", expr: calls, labels: labels),
            RecordingRule(record: "vitals:dependency_errors:ratio_rate\(window)", expr: "(\(failed)) / (\(calls))", labels: labels),
            RecordingRule(record: "vitals:dependency_latency:p99_\(window)", expr: latency, labels: labels),
        ]
        // As the watcher: a dependency is judged once it was called `min_events` times in the window.
        let busy = "on (server_address) (\(each("_count", by: "server_address", increase: true)) >= \(minEvents))"
        group.alert(
            workload,
            .apiDependency,
            .warning,
            "((\(failed)) / (\(calls)) >= \(PromQL.number(ratio))) and \(busy)",
            "A dependency of \(workload.name) fails",
            "Calls to {{ $labels.server_address }}: {{ $value | humanizePercentage }} failed over \(window) (the API's threshold \(PromQL.number(ratio * 100))%)."
        )
        group.alert(
            workload,
            .apiDependency,
            .warning,
            "(\(latency) > \(PromQL.number(p99))) and \(busy)",
            "A dependency of \(workload.name) is slow",
            "Calls to {{ $labels.server_address }}: p99 {{ $value | humanizeDuration }} over \(window) (the API's threshold \(PromQL.number(p99))s)."
        )
    }
}
