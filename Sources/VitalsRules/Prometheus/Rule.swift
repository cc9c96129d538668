import VitalsCore

/// One Prometheus alerting rule for one diagnosis of one workload, labelled and annotated like the
/// watcher's own alerts, so routes, silences and runbooks work the same either way.
struct AlertRule {
    var diagnosis: Diagnosis.ID
    var workload: Workload
    var severity: Severity
    var expr: String
    var holdFor: Duration
    var summary: String
    var description: String
    /// Distinguishes several rules for one diagnosis (the SLO's page and ticket alerts).
    var nameSuffix = ""

    /// `VitalsApiErrors`: alert names are identifiers; the diagnosis id is in a label.
    var name: String {
        "Vitals" + self.diagnosis.rawValue.split(whereSeparator: { $0 == "." || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + self.nameSuffix
    }

    func yaml() -> String {
        let labels = YAML.map([("workload", self.workload.name), ("kind", self.workload.kind.rawValue), ("diagnosis", self.diagnosis.rawValue), ("severity", self.severity.rawValue)])
        let annotations = YAML.map([("summary", self.summary), ("description", self.description), ("runbook_url", Runbooks.url(self.workload, self.diagnosis))])
        return [
            "      - alert: \(self.name)", "        expr: \(YAML.quote(self.expr))", "        for: \(PromQL.duration(self.holdFor))",
            "        labels: \(labels)", "        annotations: \(annotations)",
        ].joined(separator: "\n") + "\n"
    }
}

/// A recording rule.
struct RecordingRule {
    var record: String
    var expr: String
    var labels: [(String, String)]

    func yaml() -> String {
        ["      - record: \(self.record)", "        expr: \(YAML.quote(self.expr))", "        labels: \(YAML.map(self.labels))"].joined(separator: "\n") + "\n"
    }
}

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
