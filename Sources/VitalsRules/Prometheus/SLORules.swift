import Foundation
import VitalsBase
import VitalsCore

/// SLO rules in the shape Sloth generates: error-ratio recording rules per window, metadata rules
/// (objective, budget, burn, budget remaining), and the page and ticket multi-window multi-burn-rate
/// alerts — with the watcher's minimum-traffic guard, so a trickle of requests cannot page.
enum SLORules {
    static let windows: [Duration] = [
        .seconds(300), .seconds(1800), .seconds(3600), .seconds(7200), .seconds(21_600), .seconds(86_400), .seconds(259_200),
    ]

    /// The groups of the workload's SLO over all its traffic, or of one route's own SLO (`route`).
    static func groups(
        _ workload: Workload,
        slo: ServiceLevelObjective,
        route: RouteRule? = nil,
        minEvents: Int,
        profile: MetricProfile
    ) -> [RuleGroup] {
        let names = SeriesNames(workload: workload, profile: profile)
        var groups: [RuleGroup] = []
        for (indicator, target) in slo.indicators {
            // The same SLIs as the watcher's (SLOStatus.Indicator.read), as PromQL error ratios.
            let errorRatio: (String) -> String = { window in
                let bad =
                    indicator == .availability
                    ? names.requestRate(window, errorsOnly: true, route: route)
                    : "\(names.requestRate(window, route: route)) - \(names.fastRate((slo.latencyBelow ?? .zero).inSeconds, window: window, route: route))"
                return "(\(bad))\n/\n(\(names.requestRate(window, route: route)))"
            }
            let id = [workload.name, route.map { self.slug($0.key) }, indicator.rawValue].compactMap { $0 }.joined(separator: "-")
            let labels = [("sloth_id", id), ("sloth_service", workload.name), ("sloth_slo", indicator.rawValue)]
            let selector = "{sloth_id=\"\(id)\", sloth_service=\"\(workload.name)\", sloth_slo=\"\(indicator.rawValue)\"}"
            let budget = 1 - target
            var recording = RuleGroup(name: "sloth-slo-sli-recordings-\(id)")
            for window in self.windows {
                let text = PromQL.duration(window)
                recording.recording.append(
                    RecordingRule(record: "slo:sli_error:ratio_rate\(text)", expr: errorRatio(text), labels: labels + [("sloth_window", text)])
                )
            }
            let period = PromQL.duration(slo.window)
            // A window that is one of the alert windows (1d, 3d) is recorded already.
            if !self.windows.contains(slo.window) {
                recording.recording.append(
                    RecordingRule(
                        record: "slo:sli_error:ratio_rate\(period)",
                        expr:
                            "sum_over_time(slo:sli_error:ratio_rate5m\(selector)[\(period)])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m\(selector)[\(period)])",
                        labels: labels + [("sloth_window", period)]
                    )
                )
            }
            groups.append(recording)

            var meta = RuleGroup(name: "sloth-slo-meta-recordings-\(id)")
            meta.recording = [
                RecordingRule(record: "slo:objective:ratio", expr: "vector(\(PromQL.number(target)))", labels: labels),
                RecordingRule(record: "slo:error_budget:ratio", expr: "vector(1 - \(PromQL.number(target)))", labels: labels),
                RecordingRule(record: "slo:time_period:days", expr: "vector(\(PromQL.number(slo.window.inSeconds / 86_400)))", labels: labels),
                RecordingRule(
                    record: "slo:current_burn_rate:ratio",
                    expr:
                        "slo:sli_error:ratio_rate5m\(selector)\n/ on (sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio\(selector)",
                    labels: labels
                ),
                RecordingRule(
                    record: "slo:period_burn_rate:ratio",
                    expr:
                        "slo:sli_error:ratio_rate\(period)\(selector)\n/ on (sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio\(selector)",
                    labels: labels
                ),
                RecordingRule(record: "slo:period_error_budget_remaining:ratio", expr: "1 - slo:period_burn_rate:ratio\(selector)", labels: labels),
                RecordingRule(
                    record: "sloth_slo_info",
                    expr: "vector(1)",
                    labels: labels + [("sloth_mode", "vitals-generated"), ("sloth_objective", PromQL.number(target * 100))]
                ),
            ]
            groups.append(meta)

            var alerts = RuleGroup(name: "sloth-slo-alerts-\(id)")
            let traffic = { (window: Duration) in "\(names.requestIncrease(PromQL.duration(window), route: route)) >= \(minEvents)" }
            for (severity, pair) in [
                (Severity.critical, [BurnRateAlert.standard[0], BurnRateAlert.standard[1]]),
                (.warning, [BurnRateAlert.standard[2], BurnRateAlert.standard[3]]),
            ] {
                let clauses = pair.map { alert in
                    let short = PromQL.duration(alert.short)
                    let long = PromQL.duration(alert.long)
                    let threshold = "(\(PromQL.number(alert.factor)) * \(PromQL.number(budget)))"
                    return """
                        (
                          max(slo:sli_error:ratio_rate\(short)\(selector) > \(threshold)) without (sloth_window)
                          and
                          max(slo:sli_error:ratio_rate\(long)\(selector) > \(threshold)) without (sloth_window)
                          and on() (\(traffic(alert.short))) and on() (\(traffic(alert.long)))
                        )
                        """
                }
                let action = severity == .critical ? "page" : "ticket"
                let subject = route.map { "\($0.key) on \(workload.name)" } ?? workload.name
                var alert = AlertRule(
                    diagnosis: .apiSLOBurn,
                    workload: workload,
                    severity: severity,
                    expr: clauses.joined(separator: "\nor\n"),
                    holdFor: .seconds(120),  // the SRE workbook's hold for burn-rate alerts
                    summary: "\(subject) burns its \(indicator.rawValue) error budget (\(action))",
                    description:
                        "The \(indicator.rawValue) SLO\(route.map { " of \($0.key)" } ?? "") (\(PromQL.number(target * 100))% over \(period)) burns its error budget at {{ $value | humanizePercentage }} error ratio: \(pair.map { "\(PromQL.number($0.factor))× over \(PromQL.duration($0.long))/\(PromQL.duration($0.short))" }.joined(separator: " or ")).",
                    nameSuffix: "\(indicator.rawValue.capitalized)\(action.capitalized)"
                )
                if let route { alert.extraLabels = [("route", route.key)] }
                alerts.alerts.append(alert)
            }
            groups.append(alerts)
        }
        return groups
    }

    /// `post-orders-id` for `POST /orders/{id}`: a route key as a rule-group and `sloth_id` component.
    static func slug(_ key: String) -> String {
        let words = key.lowercased().split { !($0.isLetter || $0.isNumber) }
        return words.joined(separator: "-")
    }
}
