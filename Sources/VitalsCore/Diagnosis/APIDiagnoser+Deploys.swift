import Foundation
import VitalsBase

/// Deploys read together with the API's signals: a recent version change named in `api.errors` and
/// `api.latency`, and `api.regressed_after_deploy` when errors or latency since it are clearly worse than
/// before it.
extension APIDiagnoser {
    /// How long after a deploy its effects are judged and it is named in evidence.
    package static let deployWindow: Duration = .seconds(1800)
    /// How far before a deploy its "before" is read.
    static let beforeDeploy: Duration = .seconds(3600)

    /// The deploy within ``deployWindow`` of `now`, if any.
    static func recentDeploy(_ signals: WorkloadSignals, now: Date) -> Deploy? {
        signals.deploys.latest(since: now.addingTimeInterval(-self.deployWindow.inSeconds))
    }

    /// `1.4.3 started on 2 of 2 instances 40s ago (was 1.4.2)`.
    static func describe(_ deploy: Deploy, signals: WorkloadSignals, observation: Observation, now: Date) -> String {
        let ago = Evidence.duration(seconds: max(0, now.timeIntervalSince(deploy.at)))
        let was = deploy.from.map { " (was \($0))" } ?? ""
        guard observation.namesInstances else { return "\(deploy.to) started \(ago) ago\(was)" }
        let running = observation.instances.filter { signals.deploys.versions[$0] == deploy.to }.count
        return "\(deploy.to) started on \(running) of \(observation.instances.count) instances \(ago) ago\(was)"
    }

    /// `; 1.4.3 started on 2 of 2 instances 40s ago (was 1.4.2)` for evidence, or empty without a recent deploy.
    static func deployContext(_ signals: WorkloadSignals, observation: Observation, now: Date) -> String {
        self.recentDeploy(signals, now: now).map { "; \(self.describe($0, signals: signals, observation: observation, now: now))" } ?? ""
    }

    /// `api.regressed_after_deploy`: in the latest window since a deploy within ``deployWindow``, with
    /// `min_events` requests on each side, the 5xx ratio is clearly higher than in the hour before it (two-proportion test, and at least one
    /// point and double), or p99 is at least half again as high and 100 ms more.
    static func regressedAfterDeploy(
        _ api: Workload.API,
        signals: WorkloadSignals,
        observation: Observation,
        now: Date
    ) -> String? {
        guard let deploy = self.recentDeploy(signals, now: now), let latest = signals.latest else { return nil }
        // A millisecond more, so the window starts at the scrape before the deploy and holds the first one after it.
        guard let since = Duration(finiteSeconds: latest.at.timeIntervalSince(deploy.at) + 0.001), since > .milliseconds(1),
            let all = signals.window(since), let longer = signals.window(since + self.beforeDeploy), longer.covers > all.covers,
            let after = signals.window(min(since, api.thresholds.window))
        else { return nil }
        // Before: the hour up to the deploy. After: the latest window since it, so a fixed version clears.
        let before = longer.delta.increase(since: all.delta)
        let minEvents = Double(api.thresholds.minEvents)
        guard after.delta.requests >= minEvents, before.requests >= minEvents else { return nil }
        let (span, beforeSpan) = (Evidence.duration(seconds: after.covers), Evidence.duration(seconds: longer.covers - all.covers))
        let old = deploy.from.map { " under \($0)" } ?? ""
        var worse: [String] = []
        let (ratioAfter, ratioBefore) = (after.delta.errors / after.delta.requests, before.errors / before.requests)
        if ratioAfter >= ratioBefore + 0.01, ratioAfter >= 2 * ratioBefore,
            self.clearlyWorse(errors: after.delta.errors, of: after.delta.requests, than: before.errors, of: before.requests)
        {
            worse.append(
                "5xx \(Evidence.percent(ratioAfter)) of \(Evidence.count(after.delta.requests)) requests over \(span), was \(Evidence.percent(ratioBefore)) of \(Evidence.count(before.requests)) in the \(beforeSpan) before\(old)"
            )
        }
        if let p99After = after.delta.latency.quantile(0.99)?.value, let p99Before = before.latency.quantile(0.99)?.value,
            p99After >= 1.5 * p99Before, p99After - p99Before >= 0.1
        {
            worse.append(
                "p99 \(Evidence.duration(seconds: p99After)) over \(span), was \(Evidence.duration(seconds: p99Before)) in the \(beforeSpan) before\(old)"
            )
        }
        guard !worse.isEmpty else { return nil }
        return "since \(self.describe(deploy, signals: signals, observation: observation, now: now)): \(worse.joined(separator: "; "))"
    }
}
