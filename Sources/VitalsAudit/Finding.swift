/// One thing the audit found: where, what, and what to do.
package struct Finding: Sendable, Hashable, Codable {
    /// How bad a finding is; `--fail-on` compares against it.
    package enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case info, warning, error

        package static func < (lhs: Severity, rhs: Severity) -> Bool {
            Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
        }
    }

    /// Stable, e.g. `log.print`: suppressions and baselines refer to it.
    package var id: String
    package var severity: Severity
    /// Relative to the audited directory; `.` for findings about the project as a whole.
    package var file: String
    /// 1-based; 0 for a finding about a whole file or the project.
    package var line: Int
    package var message: String
    package var hint: String

    package init(id: String, severity: Severity, file: String, line: Int, message: String, hint: String) {
        self.id = id
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }
}
