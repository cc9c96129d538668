import Foundation

/// Applies a ping to a job's runs: a start opens a run; a finish closes the run with the same `rid`,
/// else the newest open run, else stands alone as a run without a start (a job that only pings at
/// its end is still watched).
package enum RunPairing {
    /// What to store for `ping`, given the runs (newest first).
    package enum Change: Sendable, Hashable {
        /// Insert a new run.
        case open(JobRunRecord, runID: String?)
        /// Replace the run at `index` (in the given array) with the updated record.
        case close(index: Int, JobRunRecord)
        /// Append output to the run at `index`, or nothing if there is no run.
        case log(index: Int?)
    }

    /// - Parameters:
    ///   - runs: existing runs, newest first, with their `rid`s.
    package static func apply(_ ping: Ping, to runs: [(record: JobRunRecord, runID: String?)]) -> Change {
        let open = runs.indices.filter { runs[$0].record.isRunning }
        let matching = ping.runID.flatMap { rid in open.first { runs[$0].runID == rid } }
        switch ping.kind {
        case .start:
            return .open(JobRunRecord(startedAt: ping.receivedAt), runID: ping.runID)
        case .log:
            return .log(index: matching ?? open.first ?? (runs.isEmpty ? nil : 0))
        case .finish(let status):
            // With a rid, only that run; without one, the newest open run.
            let index = ping.runID == nil ? open.first : matching
            guard let index else {
                return .open(
                    JobRunRecord(
                        finishedAt: ping.receivedAt,
                        exitStatus: status,
                        durationSeconds: ping.durationSeconds,
                        records: ping.records,
                        logTail: ping.body
                    ),
                    runID: ping.runID
                )
            }
            var record = runs[index].record
            record.finishedAt = ping.receivedAt
            record.exitStatus = status
            record.records = ping.records
            record.logTail = ping.body ?? record.logTail
            record.durationSeconds = ping.durationSeconds ?? record.startedAt.map { ping.receivedAt.timeIntervalSince($0) }
            return .close(index: index, record)
        }
    }
}
