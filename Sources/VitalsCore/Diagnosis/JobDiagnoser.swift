package import Foundation
import VitalsBase

/// The `job.*` diagnoses: pure functions of the workload's spec, its runs and the time.
///
/// Jobs are judged against their own schedule and their own history, so "succeeded with 0 records when
/// it usually writes 41,200" and "never started" are told apart from "failed".
package enum JobDiagnoser {
    /// Runs compared against when judging a run by history.
    package static let historyWindow = 20
    /// History needed before a run is judged by it.
    package static let minimumHistory = 5

    /// - Parameters:
    ///   - runs: newest first.
    ///   - watchingSince: when the watcher began watching this workload: the reference when no run was seen.
    package static func diagnose(_ workload: Workload, runs: [JobRunRecord], watchingSince: Date, now: Date) -> [Diagnosis] {
        guard let job = workload.job else { return [] }
        let schedule = job.schedule
        let evidence = Evidence(timeZone: schedule.timeZone)
        var found: [Diagnosis] = []
        func add(_ id: Diagnosis.ID, _ severity: Severity, _ text: String) {
            found.append(Diagnosis(id: id, workload: workload.name, severity: severity, evidence: text))
        }

        if let newest = runs.first?.time, newest > now.addingTimeInterval(300) {
            add(
                .unknown,
                .warning,
                "the newest run (\(evidence.time(newest))) is later than the watcher's clock (\(evidence.time(now))); check the clocks"
            )
            return found
        }
        if let running = runs.first, running.isRunning, let started = running.startedAt, let limit = job.maxDuration,
            now.timeIntervalSince(started) > limit.inSeconds
        {
            add(
                .jobHung,
                .critical,
                "started \(evidence.time(started)), running for \(Evidence.duration(seconds: now.timeIntervalSince(started))); max_duration \(DurationText.format(limit))"
            )
        }
        if let due = self.nextDue(schedule: schedule, grace: job.grace, after: runs.first?.time ?? watchingSince),
            now > due.addingTimeInterval(job.grace.inSeconds)
        {
            let last =
                runs.first?.time.map { "last run started \(evidence.time($0))" } ?? "no run seen since watching began \(evidence.time(watchingSince))"
            add(.jobNotRunning, .critical, "expected at \(evidence.time(due)) (grace \(DurationText.format(job.grace))); \(last)")
        }
        let finished = runs.filter { $0.exitStatus != nil }
        // The newest finished run: when it failed, the run `JobRunRecord.quoted(in:)` names.
        if let last = finished.first {
            let when = (last.time ?? last.finishedAt).map(evidence.time) ?? "?"
            let took = last.durationSeconds.map { " after \(Evidence.duration(seconds: $0))" } ?? ""
            if !last.succeeded {
                let output = last.logTail.flatMap { $0.split(separator: "\n").last.map { "; output: \($0)" } } ?? ""
                add(.jobFailed, .critical, "ran at \(when), exit \(last.exitStatus!)\(took)\(output)")
            } else {
                let history = Array(finished.dropFirst().filter(\.succeeded).prefix(Self.historyWindow))
                if let text = self.emptyOutput(last, history: history, minRecords: job.minRecords, when: when) {
                    add(.jobEmptyOutput, .warning, text)
                }
                if let text = self.slowingDown(last, history: history, when: when) { add(.jobSlowingDown, .warning, text) }
            }
        }
        if let text = self.stale(schedule: schedule, grace: job.grace, runs: runs, watchingSince: watchingSince, now: now, evidence: evidence) {
            add(.jobStale, .warning, text)
        }
        return found
    }

    /// The first expected start after a run at `reference`. A run counts for the slot it was meant for
    /// even if it started up to `grace` late or a little early, so `reference` is moved past that slack.
    static func nextDue(schedule: Schedule, grace: Duration, after reference: Date) -> Date? {
        if let period = schedule.period { return reference.addingTimeInterval(period.inSeconds) }
        guard let first = schedule.next(after: reference), let second = schedule.next(after: first) else { return schedule.next(after: reference) }
        let slack = min(grace.inSeconds, second.timeIntervalSince(first) / 2)
        return schedule.next(after: reference.addingTimeInterval(slack))
    }

    private static func emptyOutput(_ run: JobRunRecord, history: [JobRunRecord], minRecords: Int?, when: String) -> String? {
        guard let records = run.records else { return nil }
        let counts = history.compactMap(\.records).map(Double.init)
        let median = counts.count >= Self.minimumHistory ? Evidence.median(counts) : nil
        let belowMinimum = minRecords.map { records < $0 } ?? false
        let belowHistory = median.map { $0 > 0 && Double(records) < $0 * 0.1 } ?? false
        guard belowMinimum || belowHistory else { return nil }
        var text = "ran at \(when), exit 0, \(Evidence.count(records)) records"
        if let median { text += "; median of last \(counts.count) runs: \(Evidence.count(median))" }
        if let minRecords, belowMinimum { text += "; min_records \(Evidence.count(minRecords))" }
        return text
    }

    private static func slowingDown(_ run: JobRunRecord, history: [JobRunRecord], when: String) -> String? {
        guard let duration = run.durationSeconds else { return nil }
        let durations = history.compactMap(\.durationSeconds)
        guard durations.count >= Self.minimumHistory, let median = Evidence.median(durations) else { return nil }
        // Twice its usual time and at least 10 s more: jitter in a 2 s job is not a trend.
        guard duration >= 2 * median, duration - median >= 10 else { return nil }
        return
            "ran at \(when) for \(Evidence.duration(seconds: duration)); median of last \(durations.count) runs: \(Evidence.duration(seconds: median))"
    }

    private static func stale(
        schedule: Schedule,
        grace: Duration,
        runs: [JobRunRecord],
        watchingSince: Date,
        now: Date,
        evidence: Evidence
    ) -> String? {
        let lastSuccess = runs.first { $0.succeeded }?.finishedAt
        let reference = lastSuccess ?? watchingSince
        // Two missed periods plus grace: one late or failed run is someone else's diagnosis.
        guard let first = self.nextDue(schedule: schedule, grace: grace, after: reference),
            let second = self.nextDue(schedule: schedule, grace: grace, after: first),
            now > second.addingTimeInterval(grace.inSeconds)
        else { return nil }
        return lastSuccess.map { "last success \(evidence.time($0)), \(Evidence.duration(seconds: now.timeIntervalSince($0))) ago" }
            ?? "no successful run since watching began \(evidence.time(watchingSince))"
    }
}
