import VitalsBase
import VitalsCore

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
        let requests = "sum(increase(\(names.requests)\(names.selector())[\(window)]))"
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
        func alert(_ id: Diagnosis.ID, _ severity: Severity, _ expr: String, _ summary: String, _ description: String) {
            group.alerts.append(
                AlertRule(
                    diagnosis: id,
                    workload: workload,
                    severity: severity,
                    expr: expr,
                    holdFor: workload.alertFor,
                    summary: summary,
                    description: description
                )
            )
        }
        if let live = api.endpoints.live {
            alert(
                .apiDown,
                .critical,
                "probe_success{job=\"\(workload.name)-live\"} == 0",
                "\(workload.name) is down",
                "The liveness probe of \(workload.name) (\(live)) fails."
            )
        }
        if let ready = api.endpoints.ready {
            alert(
                .apiNotReady,
                .critical,
                "probe_success{job=\"\(workload.name)-ready\"} == 0 and on() probe_success{job=\"\(workload.name)-live\"} == 1",
                "\(workload.name) is alive but not ready",
                "The readiness probe of \(workload.name) (\(ready)) fails while liveness passes."
            )
        }
        guard api.endpoints.metrics != nil else { return group }
        alert(
            .apiErrors,
            .critical,
            "(\(names.requestRate(window, errorsOnly: true)) / \(names.requestRate(window)) >= \(PromQL.number(ratio))) and on() (\(requests) >= \(minEvents))",
            "\(workload.name) answers too many 5xx",
            "5xx: {{ $value | humanizePercentage }} of requests over \(window) (threshold \(PromQL.number(ratio * 100))%)."
        )
        alert(
            .apiLatency,
            .warning,
            "(\(names.latencyQuantile(0.99, window: window)) > \(PromQL.number(p99))) and on() (\(requests) >= \(minEvents))",
            "\(workload.name) is slow",
            "p99 {{ $value | humanizeDuration }} over \(window) (threshold \(PromQL.number(p99))s); a value equal to the top finite bucket may be higher in reality."
        )
        alert(
            .apiRestarting,
            .critical,
            "changes(\(SeriesNames.startTime)\(names.selector())[15m]) >= 2",
            "\(workload.name) keeps restarting",
            "The process start time changed {{ $value }} times in 15m."
        )
        alert(
            .apiNoTraffic,
            .warning,
            "(sum(increase(\(names.requests)\(names.selector())[10m])) == 0) and on() (sum(increase(\(names.requests)\(names.selector())[1h])) > 0)",
            "\(workload.name) gets no traffic",
            "No requests for 10m after traffic in the hour before."
        )
        return group
    }
}
