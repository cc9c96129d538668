import VitalsBase
import VitalsCore
import VitalsSignals

/// The `worker.*` diagnoses as PromQL over the Vitals worker contract.
enum WorkerRules {
    static func group(_ workload: Workload, worker: Workload.Worker) -> RuleGroup {
        let selector = "{job=\"\(workload.name)\"}"
        let thresholds = worker.thresholds
        let window = PromQL.duration(thresholds.window)
        let progressWithin = PromQL.number((worker.progressWithin ?? thresholds.window).inSeconds)
        let backlog = "max(\(Signal.Worker.queueDepth.name)\(selector))"
        let oldest = "max(\(Signal.Worker.queueOldestAge.name)\(selector))"
        let sinceRead = "(time() - max(\(Signal.Worker.lastRead.name)\(selector)))"
        let sinceProgress = "(time() - max(\(Signal.Worker.lastProgress.name)\(selector)))"
        let handled = Signal.Worker.eventsHandled.name
        var group = RuleGroup(name: "vitals-\(workload.name)")
        let labels = [("workload", workload.name), ("kind", "worker")]
        group.recording = [
            RecordingRule(
                record: "vitals:worker_processed:rate\(window)",
                expr: "sum(rate(\(handled){job=\"\(workload.name)\", outcome=\"success\"}[\(window)]))",
                labels: labels
            ),
            RecordingRule(
                record: "vitals:worker_failed:rate\(window)",
                expr: "sum(rate(\(handled){job=\"\(workload.name)\", outcome=\"failed\"}[\(window)]))",
                labels: labels
            ),
            RecordingRule(record: "vitals:worker_backlog:max", expr: backlog, labels: labels),
        ]
        func alert(_ id: Diagnosis.ID, _ severity: Severity, _ expr: String, _ summary: String, _ description: String) {
            group.alert(workload, id, severity, expr, summary, description)
        }
        alert(
            .workerNotConsuming,
            .critical,
            "(\(backlog) > 0) and on() (\(sinceRead) > \(progressWithin))",
            "\(workload.name) does not consume its queue",
            "A backlog waits and nothing was read for more than \(progressWithin)s."
        )
        alert(
            .workerStalled,
            .critical,
            "(\(backlog) > 0) and on() (\(sinceProgress) > \(progressWithin)) and on() (\(sinceRead) <= \(progressWithin))",
            "\(workload.name) is stalled",
            "It reads, a backlog waits, and nothing was handled successfully for more than \(progressWithin)s."
        )
        alert(
            .workerFailing,
            .critical,
            "(sum(rate(\(handled){job=\"\(workload.name)\", outcome=\"failed\"}[\(window)])) / sum(rate(\(handled)\(selector)[\(window)])) >= \(PromQL.number(thresholds.errorRatio(for: .worker)))) and on() (sum(increase(\(handled)\(selector)[\(window)])) >= \(min(thresholds.minEvents, 5)))",
            "\(workload.name) fails its events",
            "{{ $value | humanizePercentage }} of events failed over \(window); see worker_events_failed_total for the handler and error class."
        )
        if let maxAge = worker.backlogMaxAge {
            alert(
                .workerFallingBehind,
                .warning,
                "(\(oldest) > \(PromQL.number(maxAge.inSeconds))) and on() (\(oldest) > max(\(Signal.Worker.queueOldestAge.name)\(selector) offset \(window)))",
                "\(workload.name) falls behind",
                "The oldest waiting event is {{ $value | humanizeDuration }} old and getting older (max_age \(PromQL.duration(maxAge)))."
            )
        }
        alert(
            .workerSlow,
            .warning,
            "(histogram_quantile(0.99, sum by (le) (rate(\(Signal.Worker.processingDuration.name)_bucket\(selector)[\(window)]))) > \(PromQL.number(thresholds.p99(for: .worker).inSeconds))) and on() (sum(increase(\(Signal.Worker.processingDuration.name)_count\(selector)[\(window)])) >= \(thresholds.minEvents))",
            "\(workload.name) processes slowly",
            "Processing p99 {{ $value | humanizeDuration }} over \(window)."
        )
        return group
    }
}
