package import Foundation

/// How `vitals audit` prints its report.
package struct AuditFormat: Sendable, Hashable {
    enum Backing: String { case text, json, sarif }
    let backing: Backing

    /// Grouped by file, for people.
    package static let text = AuditFormat(backing: .text)
    /// `{"findings": [{"id", "severity", "file", "line", "message", "hint"}], "summary": {…}, "workloads": […]}`.
    package static let json = AuditFormat(backing: .json)
    /// SARIF 2.1.0, for code-scanning tools.
    package static let sarif = AuditFormat(backing: .sarif)

    package static let all: [String] = ["text", "json", "sarif"]

    package init?(_ name: String) {
        guard let backing = Backing(rawValue: name) else { return nil }
        self.backing = backing
    }

    private init(backing: Backing) { self.backing = backing }

    /// The report in this format.
    package func render(_ report: AuditReport, version: String = "0.1.0") throws -> Data {
        switch self.backing {
        case .text: return Data(TextReport.render(report).utf8)
        case .sarif: return Data(SARIFReport.render(report, version: version))
        case .json: return Data(JSONReport.render(report))
        }
    }
}

extension AuditReport {
    /// Reads the keys of a `--format json` report, for `--baseline`.
    package static func baseline(_ data: Data) throws -> Set<Finding.Key> {
        Set(try JSONDecoder().decode(AuditReport.self, from: data).findings.map(\.key))
    }
}
