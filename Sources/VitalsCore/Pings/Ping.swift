package import Foundation

/// One proof-of-life signal from a job or worker, as the healthchecks.io-compatible ping API receives it.
package struct Ping: Sendable, Hashable {
    /// What the ping says.
    package enum Kind: Sendable, Hashable {
        /// `/start`: a run began.
        case start
        /// `/` (exit 0), `/fail` (exit 1) or `/<status>`: a run ended.
        case finish(exitStatus: Int)
        /// `/log`: output only; the run's state does not change.
        case log
    }

    package var kind: Kind
    /// When the watcher received it.
    package var receivedAt: Date
    /// `?rid=`: pairs start and finish of overlapping runs.
    package var runID: String?
    /// `?records=` (Vitals extension).
    package var records: Int?
    /// `?duration=` in seconds (Vitals extension); otherwise measured from the paired start.
    package var durationSeconds: Double?
    /// The request body, at most ``PingParser/bodyLimit`` bytes.
    package var body: String?

    package init(kind: Kind, receivedAt: Date, runID: String? = nil, records: Int? = nil, durationSeconds: Double? = nil, body: String? = nil) {
        self.kind = kind
        self.receivedAt = receivedAt
        self.runID = runID
        self.records = records
        self.durationSeconds = durationSeconds
        self.body = body
    }
}
