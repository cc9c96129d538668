/// The audit for people: findings grouped by file, then a summary and the suggested workloads.
enum TextReport {
    static func render(_ report: AuditReport) -> String {
        var lines: [String] = []
        let byFile = Dictionary(grouping: report.findings, by: \.file)
        for file in byFile.keys.sorted() {
            lines.append(file == "." ? "project:" : "\(file):")
            for finding in byFile[file] ?? [] {
                let place = finding.line > 0 ? "\(finding.line): " : ""
                lines.append("  \(place)\(finding.severity.rawValue) \(finding.id): \(finding.message)")
                lines.append("      fix: \(finding.hint)")
            }
        }
        let summary = report.summary
        lines.append(
            "\(summary.files) files, \(summary.bytes / 1024) KiB: \(summary.errors) errors, \(summary.warnings) warnings, \(summary.infos) notes"
        )
        if !report.workloads.isEmpty {
            lines.append("")
            lines.append(WorkloadSuggester.yaml(report.workloads).trimmingSuffixNewline)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    var trimmingSuffixNewline: String { self.hasSuffix("\n") ? String(self.dropLast()) : self }
}
