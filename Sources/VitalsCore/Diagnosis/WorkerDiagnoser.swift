package import Foundation
import VitalsBase

/// The `worker.*` diagnoses from scraped worker signals: a stalled worker (reading, not progressing)
/// is told apart from an idle one (nothing to do), from one that stopped reading, from one failing its
/// events, falling behind or slow.
package enum WorkerDiagnoser {
    package static func diagnose(_ workload: Workload, observation: Observation, now: Date) -> [Diagnosis] {
        guard let worker = workload.worker, let signals = observation.signals, let url = worker.endpoints.metrics else { return [] }
        var found: [Diagnosis] = []
        func add(_ id: Diagnosis.ID, _ severity: Severity, _ text: String) {
            found.append(Diagnosis(id: id, workload: workload.name, severity: severity, evidence: text))
        }
        let evidence = Evidence.utc
        let thresholds = worker.thresholds
        if let failing = ScrapeFailures.describe(
            signals,
            url: url,
            observation: observation,
            down: [],
            threshold: thresholds.failureThreshold,
            evidence: evidence,
            notJudged: "progress, backlog and failures",
            partly: "their events are not counted; the others' are judged"
        ) {
            add(.unknown, .warning, failing.text)
            if !failing.judged { return found }
        }
        guard let latest = signals.latest else { return found }
        guard
            latest.backlog != nil || latest.lastProgress != nil || latest.handled > 0
                || signals.window(thresholds.window).map({ $0.delta.handled > 0 }) == true
        else {
            add(
                .unknown,
                .warning,
                "\(url) has none of the worker signals (worker_queue_depth, worker_last_progress_timestamp_seconds, worker_events_handled_total); progress and backlog are not judged"
            )
            return found
        }
        let progressWithin = worker.progressWithin ?? thresholds.window
        let backlog = latest.backlog ?? 0
        let backlogText =
            (backlog.isNaN ? "backlog unknown (the worker reports NaN: its backlog cannot be read)" : "backlog \(Evidence.count(backlog))")
            + (latest.oldestAge.map { ", oldest \(Evidence.duration(seconds: $0))" } ?? "")
        let window = signals.window(thresholds.window)
        let failuresText = window.flatMap { Self.topFailure($0.delta) }.map { "; last failures \($0)" } ?? ""

        // A backlog that cannot be read may hide a stalled worker as well as an idle one: say so, not "ok".
        if backlog > 0 || backlog.isNaN {
            let progress = signals.window(progressWithin)
            let covered = (progress?.covers ?? 0) >= progressWithin.inSeconds * 0.9
            // A worker that has not read or progressed yet (its timestamps are 0) is judged from the moment it
            // started, or the watcher began watching, not from 1970: a process seconds old is not stalled.
            let started = max(latest.startTime ?? 0, observation.watchingSince.timeIntervalSince1970)
            let readStale =
                latest.lastRead.map { now.timeIntervalSince1970 - max($0, started) > progressWithin.inSeconds }
                ?? (covered && progress?.delta.read == 0)
            let progressStale =
                latest.lastProgress.map { now.timeIntervalSince1970 - max($0, started) > progressWithin.inSeconds }
                ?? (covered && (progress.map { $0.delta.handled - $0.delta.failed } ?? 1) <= 0)
            if backlog.isNaN, !readStale, progressStale {
                // Reading (empty reads count) without progress and without a backlog: idle and stalled look alike.
                let last = latest.lastProgress.map { "no progress since \(evidence.clock(Date(timeIntervalSince1970: $0)))" } ?? "no recent progress"
                add(.unknown, .warning, "cannot tell whether it is stalled or idle: \(backlogText); \(last)")
            } else if backlog.isNaN, !readStale {
                // Reading and progressing: whatever the backlog is, the worker consumes it.
            } else if readStale {
                let last =
                    latest.lastRead.map { "no read since \(evidence.clock(Date(timeIntervalSince1970: $0)))" }
                    ?? "no reads in \(DurationText.format(progressWithin))"
                add(.workerNotConsuming, .critical, "not consuming: \(backlogText), \(last) (progress_within \(DurationText.format(progressWithin)))")
            } else if progressStale {
                let last =
                    latest.lastProgress.map { "no progress since \(evidence.clock(Date(timeIntervalSince1970: $0)))" }
                    ?? "no progress in \(DurationText.format(progressWithin))"
                add(
                    .workerStalled,
                    .critical,
                    "stalled: \(backlogText), \(last) (progress_within \(DurationText.format(progressWithin)))\(failuresText)"
                )
            }
        }
        if let (delta, covers) = window {
            let span = Evidence.duration(seconds: covers)
            let maxRatio = thresholds.errorRatio(for: .worker)
            let attempts = delta.handled
            // A poison message retried every second is few events but all failures: judge it on fewer events.
            if attempts >= Double(min(thresholds.minEvents, 5)), delta.failed / attempts >= maxRatio {
                let top = Self.topFailure(delta).map { "; top: \($0)" } ?? ""
                add(
                    .workerFailing,
                    .critical,
                    "\(Evidence.percent(delta.failed / attempts)) of \(Evidence.count(attempts)) events failed over \(span) (threshold \(Evidence.percent(maxRatio)))\(top)"
                        + APIDiagnoser.errorCause(delta, maxRatio: maxRatio)
                )
            }
            if let maxAge = worker.backlogMaxAge, let age = latest.oldestAge, age.isFinite, age > maxAge.inSeconds,
                let before = signals.points(within: thresholds.window).first, let ageBefore = before.oldestAge, age > ageBefore
            {
                add(
                    .workerFallingBehind,
                    .warning,
                    "falling behind: \(backlogText) (max_age \(DurationText.format(maxAge))), oldest was \(Evidence.duration(seconds: ageBefore)) \(span) ago"
                )
            }
            let bound = thresholds.p99(for: .worker)
            if delta.processing.total >= Double(thresholds.minEvents), let p99 = delta.processing.quantile(0.99),
                p99.value > bound.inSeconds || p99.limitedByBuckets && p99.value >= bound.inSeconds
            {
                add(
                    .workerSlow,
                    .warning,
                    "processing \(APIDiagnoser.quantiles(delta.processing)) over \(span) (threshold p99 \(DurationText.format(bound)))"
                        + APIDiagnoser.latencyCause(delta, spent: delta.processingSeconds, in: "processing time", before: nil)
                )
            }
        }
        return found
    }

    /// `MalformedEvent in handler confirm-order (event order.malformed), 42 failures`.
    static func topFailure(_ delta: SignalPoint) -> String? {
        guard let (key, count) = delta.failures.max(by: { $0.value < $1.value }) else { return nil }
        let event = key.eventType.isEmpty ? "" : " (event \(key.eventType))"
        return "`\(key.errorClass)` in handler `\(key.handler)`\(event), \(Evidence.count(count)) failures"
    }
}
