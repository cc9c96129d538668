package import Foundation
import VitalsBase

/// `worker.stalled` for workers that prove life by pinging (`heartbeat: true`).
package enum HeartbeatDiagnoser {
    /// - Parameter lastPing: the newest ping of any kind; nil if none arrived since watching began.
    package static func diagnose(_ workload: Workload, lastPing: Date?, watchingSince: Date, now: Date) -> [Diagnosis] {
        guard let worker = workload.worker, worker.heartbeat else { return [] }
        let limit = worker.progressWithin ?? workload.interval * 2
        let reference = lastPing ?? watchingSince
        guard now.timeIntervalSince(reference) > limit.inSeconds else { return [] }
        let evidence = Evidence.utc
        let seen =
            lastPing.map { "last ping \(evidence.time($0)), \(Evidence.duration(seconds: now.timeIntervalSince($0))) ago" }
            ?? "no ping since watching began \(evidence.time(watchingSince))"
        return [
            Diagnosis(
                id: .workerStalled,
                workload: workload.name,
                severity: .critical,
                evidence: "\(seen); expected at least every \(DurationText.format(limit))"
            )
        ]
    }
}
