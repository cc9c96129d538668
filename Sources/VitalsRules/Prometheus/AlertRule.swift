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
    /// Labels beyond the standard ones, e.g. `route` for a route's own threshold.
    var extraLabels: [(String, String)] = []

    /// `VitalsApiErrors`: alert names are identifiers; the diagnosis id is in a label.
    var name: String {
        "Vitals"
            + self.diagnosis.rawValue.split(whereSeparator: { $0 == "." || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            + self.nameSuffix
    }

    func yaml() -> String {
        let labels = YAML.map(
            [
                ("workload", self.workload.name), ("kind", self.workload.kind.rawValue), ("diagnosis", self.diagnosis.rawValue),
                ("severity", self.severity.rawValue),
            ] + self.extraLabels
        )
        let annotations = YAML.map([
            ("summary", self.summary), ("description", self.description), ("runbook_url", Runbooks.url(self.workload, self.diagnosis)),
        ])
        return [
            "      - alert: \(self.name)", "        expr: \(YAML.quote(self.expr))", "        for: \(PromQL.duration(self.holdFor))",
            "        labels: \(labels)", "        annotations: \(annotations)",
        ].joined(separator: "\n") + "\n"
    }
}
