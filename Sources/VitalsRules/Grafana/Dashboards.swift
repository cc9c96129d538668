import Foundation
import VitalsCore
import VitalsSignals

/// `grafana/<kind>.json`: one dashboard per workload kind, a `workload` variable choosing among the
/// spec's workloads of that kind, panels on the recording rules and series the alerts read.
enum Dashboards {
    /// - Parameter latencyHistograms: the request duration histograms the spec's APIs are read through (by
    ///   their profiles), whose buckets carry the exemplars the latency panel shows.
    static func files(_ spec: Spec, latencyHistograms: [String]) throws -> [RulesFile] {
        var files: [RulesFile] = []
        for kind in Workload.Kind.allCases {
            let workloads = spec.workloads.filter { $0.kind == kind }.map(\.name)
            guard !workloads.isEmpty else { continue }
            var panels: [[String: Any]] = []
            func panel(_ title: String, _ targets: [(String, String)], unit: String, y: Int, x: Int = 0, width: Int = 12, exemplars: Bool = false) {
                panels.append([
                    "id": panels.count + 1, "type": "timeseries", "title": title,
                    "datasource": ["type": "prometheus", "uid": "${datasource}"],
                    "gridPos": ["h": 8, "w": width, "x": x, "y": y],
                    "fieldConfig": ["defaults": ["unit": unit], "overrides": [] as [Any]],
                    "options": [
                        "legend": ["displayMode": "list", "placement": "bottom", "showLegend": true], "tooltip": ["mode": "multi", "sort": "none"],
                    ],
                    "targets": targets.enumerated().map { index, target in
                        [
                            "refId": String(UnicodeScalar(UInt8(65 + index))), "expr": target.1, "legendFormat": target.0,
                            "datasource": ["type": "prometheus", "uid": "${datasource}"], "exemplar": exemplars,
                        ]
                    },
                ])
            }
            let w = "workload=\"$workload\""
            // A recording rule is named after its workload's window (`vitals:http_requests:rate5m`, `…rate20s`);
            // one dashboard serves workloads with different windows, so it selects the name by its stem.
            func recorded(_ stem: String) -> String { "sum({__name__=~\"\(stem)[0-9].*\", \(w)})" }
            switch kind {
            case .api:
                panel("Request rate", [("requests/s", recorded("vitals:http_requests:rate"))], unit: "reqps", y: 0)
                panel("Error ratio (5xx)", [("5xx", recorded("vitals:http_errors:ratio_rate"))], unit: "percentunit", y: 0, x: 12)
                // Exemplars hang on the raw buckets, not on recorded quantiles: a p99 from the buckets carries
                // them, each a dot that opens its trace (Prometheus needs --enable-feature=exemplar-storage).
                let buckets = latencyHistograms.map { "\($0)_bucket" }.joined(separator: "|")
                panel(
                    "Latency",
                    [
                        ("p50", recorded("vitals:http_latency:p50_")), ("p99", recorded("vitals:http_latency:p99_")),
                        (
                            "p99 (exemplars)",
                            "histogram_quantile(0.99, sum by (le) (rate({__name__=~\"\(buckets)\", job=\"$workload\"}[$__rate_interval])))"
                        ),
                    ],
                    unit: "s",
                    y: 8,
                    exemplars: true
                )
                panel(
                    "SLO: error budget remaining",
                    [("{{sloth_slo}}", "slo:period_error_budget_remaining:ratio{sloth_service=\"$workload\"}")],
                    unit: "percentunit",
                    y: 8,
                    x: 12
                )
                panel("SLO: burn rate", [("{{sloth_slo}}", "slo:current_burn_rate:ratio{sloth_service=\"$workload\"}")], unit: "none", y: 16)
                // Beside the golden signals, the calls that explain them: one line per dependency.
                let dependency = { (stem: String) in "max by (server_address) ({__name__=~\"\(stem)[0-9].*\", \(w)})" }
                panel(
                    "Dependency latency (p99)",
                    [("{{server_address}}", dependency("vitals:dependency_latency:p99_"))],
                    unit: "s",
                    y: 24
                )
                panel(
                    "Dependency errors (failed calls)",
                    [("{{server_address}}", dependency("vitals:dependency_errors:ratio_rate"))],
                    unit: "percentunit",
                    y: 24,
                    x: 12
                )
                panel(
                    "Restarts (process start time changes, 15m)",
                    [("restarts", "changes(process_start_time_seconds{job=\"$workload\"}[15m])")],
                    unit: "none",
                    y: 16,
                    x: 12
                )
            case .worker:
                panel(
                    "Backlog, processing and failures",
                    [
                        ("backlog", "sum(vitals:worker_backlog:max{\(w)})"), ("processed/s", recorded("vitals:worker_processed:rate")),
                        ("failed/s", recorded("vitals:worker_failed:rate")),
                    ],
                    unit: "short",
                    y: 0,
                    width: 24
                )
                panel("Oldest waiting event", [("oldest", "max(worker_queue_oldest_age_seconds{job=\"$workload\"})")], unit: "s", y: 8)
                panel(
                    "Failures by error class",
                    [("{{handler}} {{error_class}}", "sum by (handler, error_class) (rate(worker_events_failed_total{job=\"$workload\"}[5m]))")],
                    unit: "short",
                    y: 8,
                    x: 12
                )
            case .job:
                panel(
                    "Time since last run and last success",
                    [
                        ("since last run", "time() - job_last_run_timestamp_seconds{job=\"$workload\"}"),
                        ("since last success", "time() - job_last_success_timestamp_seconds{job=\"$workload\"}"),
                    ],
                    unit: "s",
                    y: 0
                )
                panel("Last run status (1 success, 0 failure)", [("status", "job_last_run_status{job=\"$workload\"}")], unit: "none", y: 0, x: 12)
                panel("Duration of the last run", [("duration", "job_last_run_duration_seconds{job=\"$workload\"}")], unit: "s", y: 8)
                panel("Records of the last run", [("records", "job_last_run_records{job=\"$workload\"}")], unit: "short", y: 8, x: 12)
            }
            let dashboard: [String: Any] = [
                "uid": "vitals-\(kind.rawValue)", "title": "Vitals: \(kind.rawValue) workloads", "tags": ["vitals", kind.rawValue],
                "schemaVersion": 39, "version": 1, "editable": true, "graphTooltip": 1, "timezone": "browser",
                "time": ["from": "now-6h", "to": "now"], "refresh": "30s",
                "annotations": ["list": kind == .job ? [] : [Self.deployAnnotation]],
                "templating": [
                    "list": [
                        ["name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source", "current": [:] as [String: Any]],
                        [
                            "name": "workload", "type": "custom", "label": "Workload", "query": workloads.joined(separator: ","),
                            "current": ["text": workloads[0], "value": workloads[0]],
                            "options": workloads.enumerated().map { ["text": $0.element, "value": $0.element, "selected": $0.offset == 0] },
                        ],
                    ]
                ],
                "panels": panels,
            ]
            let data = try JSONSerialization.data(withJSONObject: dashboard, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            files.append(RulesFile(path: "grafana/\(kind.rawValue).json", contents: String(decoding: data, as: UTF8.self) + "\n"))
        }
        return files
    }

    /// A marker wherever a version of the workload first appears in `vitals_build_info`: its deploys.
    static var deployAnnotation: [String: Any] {
        [
            "name": "Deploys", "enable": true, "iconColor": "purple",
            "datasource": ["type": "prometheus", "uid": "${datasource}"],
            "expr":
                "count by (version) (\(Signal.Build.info.name){job=\"$workload\"}) unless count by (version) (\(Signal.Build.info.name){job=\"$workload\"} offset 1m)",
            "step": "60s", "titleFormat": "deploy {{version}}", "textFormat": "version {{version}} started",
        ]
    }
}
