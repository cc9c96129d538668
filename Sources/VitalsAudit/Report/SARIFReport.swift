import Foundation

/// SARIF 2.1.0, as code-scanning tools read it: one run, the rules that produced findings, a result per
/// finding with its location (project-level findings point at the repository root).
enum SARIFReport {
    static func render(_ report: AuditReport, version: String) throws -> Data {
        let ids = Array(Set(report.findings.map(\.id))).sorted()
        let rules: [[String: Any]] = ids.map { id in
            let first = report.findings.first { $0.id == id }!
            return [
                "id": id, "name": id.split(separator: ".").map { $0.capitalized }.joined(), "shortDescription": ["text": first.message],
                "help": ["text": first.hint], "defaultConfiguration": ["level": self.level(first.severity)],
            ]
        }
        let results: [[String: Any]] = report.findings.map { finding in
            var location: [String: Any] = ["artifactLocation": ["uri": finding.file == "." ? "./" : finding.file, "uriBaseId": "SRCROOT"]]
            if finding.line > 0 { location["region"] = ["startLine": finding.line] }
            return [
                "ruleId": finding.id, "ruleIndex": ids.firstIndex(of: finding.id)!, "level": self.level(finding.severity),
                "message": ["text": "\(finding.message). Fix: \(finding.hint)"], "locations": [["physicalLocation": location]],
            ]
        }
        let sarif: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "vitals audit", "version": version, "informationUri": "https://github.com/vitals/vitals", "rules": rules]],
                "originalUriBaseIds": ["SRCROOT": ["uri": "file:///"]],
                "results": results,
            ]],
        ]
        return try JSONSerialization.data(withJSONObject: sarif, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    static func level(_ severity: Finding.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }
}
