/// One thing the audit found: where, what, and what to do.
public struct Finding: Sendable, Hashable, Codable {
    /// How bad a finding is; `--fail-on` compares against it.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case info, warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
        }
    }

    /// Stable, e.g. `log.print`: suppressions and baselines refer to it.
    public var id: String
    public var severity: Severity
    /// Relative to the audited directory; `.` for findings about the project as a whole.
    public var file: String
    /// 1-based; 0 for a finding about a whole file or the project.
    public var line: Int
    public var message: String
    public var hint: String

    public init(id: String, severity: Severity, file: String, line: Int, message: String, hint: String) {
        self.id = id
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }
}
