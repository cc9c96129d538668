/// A recording rule.
struct RecordingRule {
    var record: String
    var expr: String
    var labels: [(String, String)]

    func yaml() -> String {
        ["      - record: \(self.record)", "        expr: \(YAML.quote(self.expr))", "        labels: \(YAML.map(self.labels))"].joined(
            separator: "\n"
        ) + "\n"
    }
}
