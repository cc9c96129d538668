package import Foundation
import VitalsBase

/// The `api.*` diagnoses: pure functions of the workload's spec, what the watcher observed and the time.
///
/// They tell a down API (liveness fails) from one that is up but not ready, restarting, failing requests,
/// slow, idle, or burning its error budget; and they say `unknown` when the watcher cannot see, never ok.
package enum APIDiagnoser {
    /// Restarts counted over this window for `api.restarting`.
    package static let restartWindow: Duration = .seconds(900)
    /// Quiet this long, after traffic in the hour before, is `api.no_traffic`.
    package static let quietWindow: Duration = .seconds(600)

    package static func diagnose(_ workload: Workload, observation: Observation, now: Date) -> [Diagnosis] {
        guard let api = workload.api else { return [] }
        var found: [Diagnosis] = []
        func add(_ id: Diagnosis.ID, _ severity: Severity, _ text: String) {
            found.append(Diagnosis(id: id, workload: workload.name, severity: severity, evidence: text))
        }
        let evidence = Evidence.utc
        let thresholds = api.thresholds

        if let live = observation.probe(.live), live.streak.state == .down {
            // Nothing else is meaningful about a process that does not answer its liveness probe.
            add(.apiDown, .critical, live.failing(evidence))
            return found
        }
        let startTime = observation.signals?.latest?.startTime.map { Date(timeIntervalSince1970: $0) }
        if let ready = observation.probe(.ready), ready.streak.state == .down {
            let started = max(startTime ?? observation.watchingSince, observation.watchingSince)
            let everReady = ready.streak.firstSuccess.map { $0 >= started } ?? false
            if everReady {
                add(.apiNotReady, .critical, ready.failing(evidence))
            } else if now.timeIntervalSince(started) > api.startup.inSeconds {
                let since = startTime.map { "process started \(evidence.clock($0))" } ?? "watching since \(evidence.clock(observation.watchingSince))"
                add(
                    .apiNeverReady,
                    .critical,
                    "alive but never ready: \(since), startup budget \(DurationText.format(api.startup)); \(ready.failing(evidence))"
                )
            }
        }
        for synthetic in observation.probes where synthetic.streak.state == .down {
            if case .synthetic = synthetic.check.role { add(.apiSyntheticFailed, .critical, synthetic.failing(evidence)) }
        }
        if let signals = observation.signals, let url = api.endpoints.metrics {
            if let blind = Self.blind(signals, url: url, thresholds: thresholds, evidence: evidence) {
                add(.unknown, .warning, blind)
            } else {
                found += self.requestDiagnoses(workload.name, thresholds: thresholds, signals: signals, evidence: evidence)
            }
        }
        if let slo = api.slo, let text = self.sloBurn(slo, observation: observation, minEvents: thresholds.minEvents, now: now) {
            add(.apiSLOBurn, text.severity, text.evidence)
        }
        return found
    }

    /// Why the scraped signals cannot be read, if they cannot.
    static func blind(_ signals: SignalAccumulator, url: String, thresholds: SignalThresholds, evidence: Evidence) -> String? {
        if let failing = evidence.scrapeFailing(signals, url: url, threshold: thresholds.failureThreshold, notJudged: "errors, latency and SLO") {
            return failing
        }
        if let latest = signals.latest, latest.latency.bounds.isEmpty, latest.requests == 0, signals.recent.count >= 2,
            signals.window(.seconds(3600))?.delta.requests == 0
        {
            let profile = signals.profile.map { "profile \($0)" } ?? "no known profile"
            return "\(url) has no request metrics (\(profile)); errors, latency and SLO are not judged"
        }
        return nil
    }

    private static func requestDiagnoses(_ name: String, thresholds: SignalThresholds, signals: SignalAccumulator, evidence: Evidence) -> [Diagnosis]
    {
        var found: [Diagnosis] = []
        func add(_ id: Diagnosis.ID, _ severity: Severity, _ text: String) {
            found.append(Diagnosis(id: id, workload: name, severity: severity, evidence: text))
        }
        let restarts = Set(signals.points(within: self.restartWindow).compactMap(\.startTime))
        if restarts.count >= 3 {
            let times = restarts.sorted().map { evidence.clock(Date(timeIntervalSince1970: $0)) }.joined(separator: ", ")
            add(
                .apiRestarting,
                .critical,
                "\(restarts.count - 1) restarts in \(DurationText.format(self.restartWindow)): process start times \(times)"
            )
        }
        guard let (delta, covers) = signals.window(thresholds.window) else { return found }
        let span = Evidence.duration(seconds: covers)
        let minEvents = Double(thresholds.minEvents)
        let maxRatio = thresholds.errorRatio(for: .api)
        if delta.requests >= minEvents, delta.errors / delta.requests >= maxRatio {
            add(
                .apiErrors,
                .critical,
                "5xx: \(Evidence.percent(delta.errors / delta.requests)) of \(Evidence.count(delta.requests)) requests over \(span) (threshold \(Evidence.percent(maxRatio)))"
            )
        }
        let bound = thresholds.p99(for: .api)
        if delta.latency.total >= minEvents, let p99 = delta.latency.quantile(0.99),
            p99.value > bound.inSeconds || p99.limitedByBuckets && p99.value >= bound.inSeconds
        {
            add(.apiLatency, .warning, "\(Self.quantiles(delta.latency)) over \(span) (threshold p99 \(DurationText.format(bound)))")
        }
        if let quiet = signals.window(self.quietWindow), quiet.covers >= self.quietWindow.inSeconds, quiet.delta.requests == 0,
            let hour = signals.window(.seconds(3600)), hour.delta.requests > 0
        {
            add(
                .apiNoTraffic,
                .warning,
                "no requests for \(DurationText.format(self.quietWindow)); \(Evidence.count(hour.delta.requests)) in the \(Evidence.duration(seconds: hour.covers)) before"
            )
        }
        return found
    }

    /// `p50 120ms, p95 800ms, p99 ≥ 10s (top finite bucket: real latency may be higher)`.
    static func quantiles(_ histogram: Histogram) -> String {
        var parts: [String] = []
        for (name, q) in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)] {
            guard let value = histogram.quantile(q) else { continue }
            parts.append(
                value.limitedByBuckets
                    ? "\(name) ≥ \(Evidence.duration(seconds: value.value)) (top finite bucket: real latency may be higher)"
                    : "\(name) \(Evidence.duration(seconds: value.value))"
            )
        }
        return parts.joined(separator: ", ")
    }

    private static func sloBurn(
        _ slo: ServiceLevelObjective,
        observation: Observation,
        minEvents: Int,
        now: Date
    ) -> (severity: Severity, evidence: String)? {
        let minute = Int64((now.timeIntervalSince1970 / 60).rounded(.down))
        let status = SLOStatus.evaluate(slo, minutes: observation.sloMinutes, now: minute, minRequests: Double(minEvents))
        let firing = status.burns.filter(\.firing)
        guard
            let worst = firing.max(by: {
                $0.alert.severity < $1.alert.severity || ($0.alert.severity == $1.alert.severity && $0.alert.factor < $1.alert.factor)
            })
        else { return nil }
        let budget = status.budgets.first { $0.indicator == worst.indicator }
        let left = budget.map { "; \(Evidence.percent(max(0, $0.remaining))) of the \(DurationText.format(slo.window)) budget left" } ?? ""
        let action = worst.alert.severity == .critical ? "page" : "ticket"
        let coverage =
            Int64(worst.longCovered) * 60 < worst.alert.long.components.seconds
            ? " (\(DurationText.format(.seconds(Int64(worst.longCovered) * 60))) of data)" : ""
        let text =
            "\(worst.indicator.rawValue): burning \(Evidence.factor(worst.longBurn)) over \(DurationText.format(worst.alert.long))\(coverage) and \(Evidence.factor(worst.shortBurn)) over \(DurationText.format(worst.alert.short)) (\(action) at \(Evidence.factor(worst.alert.factor)))\(left)"
        return (worst.alert.severity, text)
    }
}
