public import Foundation

/// How `vitals audit` prints its report.
public struct AuditFormat: Sendable, Hashable {
    enum Backing: String { case text, json, sarif }
    let backing: Backing

    /// Grouped by file, for people.
    public static let text = AuditFormat(backing: .text)
    /// `{"findings": [{"id", "severity", "file", "line", "message", "hint"}], "summary": {…}, "workloads": […]}`.
    public static let json = AuditFormat(backing: .json)
    /// SARIF 2.1.0, for code-scanning tools.
    public static let sarif = AuditFormat(backing: .sarif)

    public static let all: [String] = ["text", "json", "sarif"]

    public init?(_ name: String) {
        guard let backing = Backing(rawValue: name) else { return nil }
        self.backing = backing
    }

    private init(backing: Backing) { self.backing = backing }

    /// The report in this format.
    public func render(_ report: AuditReport, version: String = "0.1.0") throws -> Data {
        switch self.backing {
        case .text: return Data(TextReport.render(report).utf8)
        case .sarif: return Data(SARIFReport.render(report, version: version))
        case .json: return Data(JSONReport.render(report))
        }
    }
}

extension AuditReport {
    /// Reads the keys of a `--format json` report, for `--baseline`.
    public static func baseline(_ data: Data) throws -> Set<Finding.Key> {
        Set(try JSONDecoder().decode(AuditReport.self, from: data).findings.map(\.key))
    }
}
