public import Foundation

/// A named state of a workload with the evidence that shows it: what the watcher tells people.
public struct Diagnosis: Sendable, Hashable {
    /// The stable id, e.g. `job.empty_output` (see ``ID``).
    public var id: ID
    /// The workload it concerns.
    public var workload: String
    public var severity: Severity
    /// Plain words with the numbers that matter, e.g. "ran at 03:00, exit 0, 0 records; median of last 20 runs: 41,200".
    public var evidence: String

    public init(id: ID, workload: String, severity: Severity, evidence: String) {
        self.id = id
        self.workload = workload
        self.severity = severity
        self.evidence = evidence
    }

    /// A diagnosis id, stable across releases because alerts, silences and runbooks refer to it.
    public struct ID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { self.rawValue }

        public static let apiDown = ID(rawValue: "api.down")
        public static let apiNeverReady = ID(rawValue: "api.never_ready")
        public static let apiNotReady = ID(rawValue: "api.not_ready")
        public static let apiRestarting = ID(rawValue: "api.restarting")
        public static let apiErrors = ID(rawValue: "api.errors")
        public static let apiLatency = ID(rawValue: "api.latency")
        public static let apiNoTraffic = ID(rawValue: "api.no_traffic")
        public static let apiSyntheticFailed = ID(rawValue: "api.synthetic_failed")
        public static let apiSLOBurn = ID(rawValue: "api.slo_burn")
        public static let workerNotConsuming = ID(rawValue: "worker.not_consuming")
        public static let workerFailing = ID(rawValue: "worker.failing")
        public static let workerFallingBehind = ID(rawValue: "worker.falling_behind")
        public static let workerSlow = ID(rawValue: "worker.slow")
        public static let jobNotRunning = ID(rawValue: "job.not_running")
        public static let jobFailed = ID(rawValue: "job.failed")
        public static let jobHung = ID(rawValue: "job.hung")
        public static let jobSlowingDown = ID(rawValue: "job.slowing_down")
        public static let jobEmptyOutput = ID(rawValue: "job.empty_output")
        public static let jobStale = ID(rawValue: "job.stale")
        public static let workerStalled = ID(rawValue: "worker.stalled")
        public static let unknown = ID(rawValue: "unknown")

        /// Every diagnosis of DESIGN.md, for validating silences and (later) rules.
        public static let all: [ID] = [
            .apiDown, .apiNeverReady, .apiNotReady, .apiRestarting, .apiErrors, .apiLatency, .apiNoTraffic, .apiSyntheticFailed, .apiSLOBurn,
            .workerNotConsuming, .workerStalled, .workerFailing, .workerFallingBehind, .workerSlow,
            .jobNotRunning, .jobFailed, .jobHung, .jobSlowingDown, .jobEmptyOutput, .jobStale, .unknown,
        ]
    }
}
