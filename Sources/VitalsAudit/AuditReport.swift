/// What an audit found, and a starting `vitals.yml` from what the code does.
package struct AuditReport: Sendable, Codable {
    package struct Summary: Sendable, Codable {
        package var files = 0
        package var bytes = 0
        package var errors = 0
        package var warnings = 0
        package var infos = 0

        mutating func count(_ findings: [Finding]) {
            self.errors = findings.count { $0.severity == .error }
            self.warnings = findings.count { $0.severity == .warning }
            self.infos = findings.count { $0.severity == .info }
        }
    }

    package var findings: [Finding] = []
    package var summary = Summary()
    /// Workloads suggested from routes, queue consumers and scheduled tasks.
    package var workloads: [SuggestedWorkload] = []

    package init() {}
}
