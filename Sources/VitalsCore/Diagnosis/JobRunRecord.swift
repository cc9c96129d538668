package import Foundation

/// One run of a job as the watcher knows it from pings: a start, a finish, or both.
package struct JobRunRecord: Sendable, Hashable {
    /// When the start ping arrived; nil for a finish without a start.
    package var startedAt: Date?
    /// When the finish ping arrived; nil while running.
    package var finishedAt: Date?
    /// 0 for success; nil while running.
    package var exitStatus: Int?
    /// Reported (`?duration=`) or measured from start to finish.
    package var durationSeconds: Double?
    /// Reported with `?records=`.
    package var records: Int?
    /// The last lines of output, if sent.
    package var logTail: String?

    package init(
        startedAt: Date? = nil,
        finishedAt: Date? = nil,
        exitStatus: Int? = nil,
        durationSeconds: Double? = nil,
        records: Int? = nil,
        logTail: String? = nil
    ) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitStatus = exitStatus
        self.durationSeconds = durationSeconds
        self.records = records
        self.logTail = logTail
    }

    /// The run's own time: its start, or its finish when no start was pinged.
    package var time: Date? { self.startedAt ?? self.finishedAt }
    package var succeeded: Bool { self.exitStatus == 0 }
    package var isRunning: Bool { self.finishedAt == nil && self.startedAt != nil }
}
