import VitalsCore

/// A rule group as `prometheus/<name>.rules.yml` holds it.
struct RuleGroup {
    var name: String
    var interval: Duration?
    var recording: [RecordingRule] = []
    var alerts: [AlertRule] = []

    func yaml() -> String {
        var text = "  - name: \(YAML.quote(self.name))\n"
        if let interval { text += "    interval: \(PromQL.duration(interval))\n" }
        text += "    rules:\n"
        text += self.recording.map { $0.yaml() }.joined()
        text += self.alerts.map { $0.yaml() }.joined()
        return text
    }
}

extension RuleGroup {
    /// Adds `workload`'s alert for `diagnosis`, held for the workload's `for`; a route's own alert carries
    /// the `route` label.
    mutating func alert(
        _ workload: Workload,
        _ diagnosis: Diagnosis.ID,
        _ severity: Severity,
        _ expr: String,
        _ summary: String,
        _ description: String,
        route: RouteRule? = nil
    ) {
        var rule = AlertRule(
            diagnosis: diagnosis,
            workload: workload,
            severity: severity,
            expr: expr,
            holdFor: AlertRule.hold(workload.alertFor),
            summary: summary,
            description: description
        )
        if let route { rule.extraLabels = [("route", route.key)] }
        self.alerts.append(rule)
    }
}
