public import Foundation

/// A named state of a workload with the evidence that shows it: what the watcher tells people.
public struct Diagnosis: Sendable, Hashable {
    /// The stable id, e.g. `job.empty_output` (see ``ID``).
    public var id: ID
    /// The workload it concerns.
    public var workload: String
    /// How urgent it is.
    public var severity: Severity
    /// Plain words with the numbers that matter, e.g. "ran at 03:00, exit 0, 0 records; median of last 20 runs: 41,200".
    public var evidence: String

    /// A diagnosis of `workload`.
    public init(id: ID, workload: String, severity: Severity, evidence: String) {
        self.id = id
        self.workload = workload
        self.severity = severity
        self.evidence = evidence
    }

    /// A diagnosis id, stable across releases because alerts, silences and runbooks refer to it.
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The id as written in alerts and silences, e.g. `api.errors`.
        public let rawValue: String
        /// An id as written; ``all`` lists the known ones.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw id.
        public var description: String { self.rawValue }

        /// The liveness probe fails (on every instance).
        public static let apiDown = ID(rawValue: "api.down")
        /// Some instances fail their liveness probe while others answer.
        public static let apiInstanceDown = ID(rawValue: "api.instance_down")
        /// Alive but not ready past the startup budget.
        public static let apiNeverReady = ID(rawValue: "api.never_ready")
        /// Was ready, is not any more.
        public static let apiNotReady = ID(rawValue: "api.not_ready")
        /// The process start time keeps changing.
        public static let apiRestarting = ID(rawValue: "api.restarting")
        /// Too many 5xx answers.
        public static let apiErrors = ID(rawValue: "api.errors")
        /// Request p99 over its threshold.
        public static let apiLatency = ID(rawValue: "api.latency")
        /// No requests after traffic in the hour before.
        public static let apiNoTraffic = ID(rawValue: "api.no_traffic")
        /// A synthetic request fails its expectations.
        public static let apiSyntheticFailed = ID(rawValue: "api.synthetic_failed")
        /// The error budget burns too fast (multi-window, multi-burn-rate).
        public static let apiSLOBurn = ID(rawValue: "api.slo_burn")
        /// A dependency the API calls is slower or failing more than the API may be.
        public static let apiDependency = ID(rawValue: "api.dependency")
        /// Errors or latency clearly worse since a version change than before it.
        public static let apiRegressedAfterDeploy = ID(rawValue: "api.regressed_after_deploy")
        /// A backlog waits and nothing is read.
        public static let workerNotConsuming = ID(rawValue: "worker.not_consuming")
        /// Too many events fail.
        public static let workerFailing = ID(rawValue: "worker.failing")
        /// The oldest waiting event is too old and getting older.
        public static let workerFallingBehind = ID(rawValue: "worker.falling_behind")
        /// Processing p99 over its threshold.
        public static let workerSlow = ID(rawValue: "worker.slow")
        /// No start by schedule plus grace.
        public static let jobNotRunning = ID(rawValue: "job.not_running")
        /// The last run failed.
        public static let jobFailed = ID(rawValue: "job.failed")
        /// Started, no finish within `max_duration`.
        public static let jobHung = ID(rawValue: "job.hung")
        /// The last run took far longer than its recent median.
        public static let jobSlowingDown = ID(rawValue: "job.slowing_down")
        /// Succeeded with fewer records than `min_records` or its own history.
        public static let jobEmptyOutput = ID(rawValue: "job.empty_output")
        /// The last success is too old.
        public static let jobStale = ID(rawValue: "job.stale")
        /// Alive, but no progress within `progress_within`.
        public static let workerStalled = ID(rawValue: "worker.stalled")
        /// The watcher cannot tell: unreachable, signals absent, clock jump. Never silently ok.
        public static let unknown = ID(rawValue: "unknown")

        /// Every diagnosis of DESIGN.md, for validating silences and (later) rules.
        public static let all: [ID] = [
            .apiDown, .apiInstanceDown, .apiNeverReady, .apiNotReady, .apiRestarting, .apiErrors, .apiLatency, .apiNoTraffic, .apiSyntheticFailed,
            .apiSLOBurn, .apiDependency, .apiRegressedAfterDeploy,
            .workerNotConsuming, .workerStalled, .workerFailing, .workerFallingBehind, .workerSlow,
            .jobNotRunning, .jobFailed, .jobHung, .jobSlowingDown, .jobEmptyOutput, .jobStale, .unknown,
        ]
    }
}
