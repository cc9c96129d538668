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
