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

    /// The least a compiled alert holds before it fires. Prometheus judges one evaluation at a time: a rule
    /// with `for: 0s` pages on a single blip (`vitals audit` reports such rules). The watcher's own `for` may
    /// be shorter, since its diagnoses already read windows and probe failure streaks.
    static let minimumHold = Duration.seconds(60)

    /// The hold of a rule for a workload whose spec says `for: spec`.
    static func hold(_ spec: Duration) -> Duration { max(spec, self.minimumHold) }

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
