import Foundation
import VitalsBase

/// SARIF 2.1.0, as code-scanning tools read it: one run, the rules that produced findings, a result per
/// finding with its location relative to the audited directory (`uriBaseId` `SRCROOT`, which the
/// consumer maps to its checkout; project-level findings point at the directory itself). Written
/// directly: `JSONSerialization` took seven seconds over 50,000 findings.
enum SARIFReport {
    static func render(_ report: AuditReport, version: String) -> [UInt8] {
        var firsts: [String: Finding] = [:]
        for finding in report.findings where firsts[finding.id] == nil { firsts[finding.id] = finding }
        let ids = firsts.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var json = JSONWriter(capacity: 400 * (report.findings.count + ids.count) + 1_024)
        json.raw(#"{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{"#)
        json.raw(#"\#n  "tool": {"driver": {"name": "vitals audit", "informationUri": "https://github.com/vitals/vitals", "version": "#)
        json.string(version)
        json.raw(#", "rules": ["#)
        for (position, id) in ids.enumerated() {
            let first = firsts[id]!
            json.raw(position == 0 ? "\n    {\"id\": " : ",\n    {\"id\": ")
            json.string(id)
            json.raw(#", "name": "#)
            json.string(id.split(separator: ".").map { $0.capitalized }.joined())
            json.raw(#", "shortDescription": {"text": "#)
            json.string(first.message)
            json.raw(#"}, "help": {"text": "#)
            json.string(first.hint)
            json.raw(#"}, "defaultConfiguration": {"level": ""#)
            json.raw(self.level(first.severity))
            json.raw(#""}}"#)
        }
        json.raw("]}},\n  \"results\": [")
        for (position, finding) in report.findings.enumerated() {
            json.raw(position == 0 ? "\n    {\"ruleId\": " : ",\n    {\"ruleId\": ")
            json.string(finding.id)
            json.raw(#", "ruleIndex": \#(index[finding.id]!), "level": "\#(self.level(finding.severity))", "message": {"text": "#)
            json.string("\(finding.message). Fix: \(finding.hint)")
            json.raw(#"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "#)
            json.string(finding.file == "." ? "./" : finding.file)
            json.raw(#", "uriBaseId": "SRCROOT"}"#)
            if finding.line > 0 { json.raw(#", "region": {"startLine": \#(finding.line)}"#) }
            json.raw("}}]}")
        }
        json.raw("\n  ]\n}]}\n")
        return json.bytes
    }

    static func level(_ severity: Finding.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }
}
