import Foundation
import VitalsBase
import VitalsCore
import VitalsSignals

/// The `job.*` diagnoses PromQL can express from the job gauges. `job.hung` needs start and finish
/// paired per run, which the gauges do not carry: the watcher (through pings) keeps that one.
enum JobRules {
    static func group(_ workload: Workload, job: Workload.Job) -> RuleGroup {
        let selector = "{job=\"\(workload.name)\"}"
        let period = self.period(job.schedule) ?? 86_400
        let grace = job.grace.inSeconds
        var group = RuleGroup(name: "vitals-\(workload.name)")
        func alert(_ id: Diagnosis.ID, _ severity: Severity, _ expr: String, _ summary: String, _ description: String) {
            group.alert(workload, id, severity, expr, summary, description)
        }
        alert(
            .jobNotRunning,
            .critical,
            "time() - \(Signal.Job.lastRun.name)\(selector) > \(PromQL.number(period + grace))",
            "\(workload.name) did not run",
            "No run started for {{ $value | humanizeDuration }}: its longest gap between scheduled runs plus grace is \(PromQL.number(period + grace))s."
        )
        alert(
            .jobFailed,
            .critical,
            "\(Signal.Job.lastStatus.name)\(selector) == 0",
            "\(workload.name) failed",
            "The last finished run failed."
        )
        alert(
            .jobStale,
            .warning,
            "time() - \(Signal.Job.lastSuccess.name)\(selector) > \(PromQL.number(2 * period + grace))",
            "\(workload.name) has not succeeded for too long",
            "Last success {{ $value | humanizeDuration }} ago (two periods plus grace: \(PromQL.number(2 * period + grace))s)."
        )
        if let minRecords = job.minRecords {
            alert(
                .jobEmptyOutput,
                .warning,
                "(\(Signal.Job.lastRecords.name)\(selector) < \(minRecords)) and on() (\(Signal.Job.lastStatus.name)\(selector) == 1)",
                "\(workload.name) succeeded with too few records",
                "The last run succeeded with {{ $value }} records (min_records \(minRecords))."
            )
        }
        let duration = "\(Signal.Job.lastDuration.name)\(selector)"
        alert(
            .jobSlowingDown,
            .warning,
            "(\(duration) >= 2 * quantile_over_time(0.5, \(duration)[7d])) and on() (\(duration) - quantile_over_time(0.5, \(duration)[7d]) >= 10)",
            "\(workload.name) is slowing down",
            "The last run took {{ $value | humanizeDuration }}, twice its median over 7 days."
        )
        return group
    }

    /// The longest gap between consecutive scheduled runs (a fixed period, or the widest of the next 60
    /// calendar runs: "weekdays at 03:00" waits 72 h over a weekend), in seconds.
    static func period(_ schedule: Schedule?) -> Double? {
        guard let schedule else { return nil }
        if let period = schedule.period { return period.inSeconds }
        let runs = schedule.next(61, after: Date(timeIntervalSince1970: 1_800_000_000))
        return zip(runs, runs.dropFirst()).map { $1.timeIntervalSince($0) }.max()
    }
}
