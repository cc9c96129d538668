package import Foundation
import VitalsBase

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

    /// Which of `runs` (newest first) has its output quoted in evidence: the newest finished run, when it
    /// failed. Reads over thousands of jobs fetch that log alone.
    package static func quoted(in runs: [JobRunRecord]) -> Int? {
        guard let index = runs.firstIndex(where: { $0.exitStatus != nil }), !runs[index].succeeded else { return nil }
        return index
    }
    package var isRunning: Bool { self.finishedAt == nil && self.startedAt != nil }
}

extension JobRunRecord {
    /// The most of a run's log kept: the last 100 kB (`/log` pings append to it). Older output is dropped.
    package static let logLimit = PingParser.bodyLimit
    /// The end of the log read back for diagnoses and pages: its last line is evidence, the rest is not.
    package static let logTailRead = 2000

    /// A run as a store holds it, each value checked again: a row written by an older version or by hand
    /// must not carry a date, duration or count that today's ping parser would refuse. What does not fit is
    /// read as unknown (nil), never trusted.
    package init(
        storedStartedAt startedAt: Double?,
        finishedAt: Double?,
        exitStatus: Int?,
        durationSeconds: Double?,
        records: Int?,
        logTail: String?
    ) {
        func date(_ seconds: Double?) -> Date? {
            seconds.flatMap { Bounds.storedSeconds.contains($0) ? Date(timeIntervalSince1970: $0) : nil }
        }
        self.init(
            startedAt: date(startedAt),
            finishedAt: date(finishedAt),
            exitStatus: exitStatus.flatMap { (0...255).contains($0) ? $0 : nil },
            durationSeconds: durationSeconds.flatMap { (0...Bounds.longestDuration.inSeconds).contains($0) ? $0 : nil },
            records: records.flatMap { (0...Bounds.mostRecords).contains($0) ? $0 : nil },
            logTail: logTail
        )
        // A finished run whose status was unreadable is a failure rather than a run still going.
        if self.finishedAt != nil, self.exitStatus == nil { self.exitStatus = 1 }
    }
}
