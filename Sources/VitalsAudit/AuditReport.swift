/// What an audit found, and a starting `vitals.yml` from what the code does.
public struct AuditReport: Sendable, Codable {
    public struct Summary: Sendable, Codable {
        public var files = 0
        public var bytes = 0
        public var errors = 0
        public var warnings = 0
        public var infos = 0

        mutating func count(_ findings: [Finding]) {
            self.errors = findings.count { $0.severity == .error }
            self.warnings = findings.count { $0.severity == .warning }
            self.infos = findings.count { $0.severity == .info }
        }
    }

    public var findings: [Finding] = []
    public var summary = Summary()
    /// Workloads suggested from routes, queue consumers and scheduled tasks.
    public var workloads: [SuggestedWorkload] = []

    public init() {}
}
