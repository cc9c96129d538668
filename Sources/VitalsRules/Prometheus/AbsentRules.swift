import VitalsCore
import VitalsSignals

/// `unknown` in Prometheus: a target whose scrape fails or whose series vanished never reads as healthy.
enum AbsentRules {
    /// - Parameter profile: the profile the workload's other rules read (the spec's, else `--profile`).
    static func alerts(_ workload: Workload, profile: MetricProfile) -> [AlertRule] {
        var rules: [AlertRule] = []
        let selector = "{job=\"\(workload.name)\"}"
        let metrics = workload.metricsURL
        if let metrics {
            rules.append(
                AlertRule(
                    diagnosis: .unknown,
                    workload: workload,
                    severity: .warning,
                    expr: "up\(selector) == 0 or absent(up\(selector))",
                    holdFor: max(workload.alertFor, .seconds(120)),
                    summary: "\(workload.name) cannot be scraped",
                    description: workload.endpoints?.instances == nil
                        ? "Prometheus cannot scrape \(metrics) (or the target is gone): its diagnoses cannot be judged."
                        : "Prometheus cannot scrape \(metrics) on {{ $labels.instance }} (or finds no instance): its diagnoses cannot be judged there.",
                    nameSuffix: "Scrape"
                )
            )
        }
        let series: String? =
            switch workload.kind {
            case .api: metrics == nil ? nil : profile.latencyHistogram + "_bucket"
            case .worker: metrics == nil ? nil : Signal.Worker.eventsRead.name
            case .job: Signal.Job.lastRun.name
            }
        if let series {
            rules.append(
                AlertRule(
                    diagnosis: .unknown,
                    workload: workload,
                    severity: .warning,
                    expr: "absent(\(series)\(selector))",
                    holdFor: max(workload.alertFor, .seconds(600)),
                    summary: "\(workload.name) has none of its signals",
                    description: "No \(series) series for 10m: the signals its diagnoses need are absent.",
                    nameSuffix: "Absent"
                )
            )
        }
        return rules
    }
}
