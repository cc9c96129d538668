package import Foundation
import VitalsBase

/// The `api.*` diagnoses: pure functions of the workload's spec, what the watcher observed and the time.
///
/// They tell a down API (liveness fails) from one that is up but not ready, restarting, failing requests,
/// slow, idle, or burning its error budget; and they say `unknown` when the watcher cannot see, never ok.
/// With several instances, each is probed and its counters followed on its own, and every diagnosis says
/// how widespread the problem is: one instance down of three is not the workload down.
package enum APIDiagnoser {
    /// Restarts counted over this window for `api.restarting`.
    package static let restartWindow: Duration = .seconds(900)
    /// Traffic looked for before a quiet window, for `api.no_traffic`: an API that never had any is not idle.
    package static let trafficBefore: Duration = .seconds(3600)

    package static func diagnose(_ workload: Workload, observation: Observation, now: Date) -> [Diagnosis] {
        guard let api = workload.api else { return [] }
        var found = Findings(workload: workload.name)
        let evidence = Evidence.utc
        if let blind = self.unresolved(api, observation: observation) {
            found.add(.unknown, .warning, blind)
            if observation.instances.isEmpty { return found.all }
        }
        let down = self.probeDiagnoses(api, observation: observation, now: now, evidence: evidence, into: &found)
        if found.all.contains(where: { $0.id == .apiDown }) {
            // Nothing else is meaningful about a workload none of whose processes answers its liveness probe.
            return found.all.filter { $0.id == .apiDown }
        }
        if let signals = observation.signals, let url = api.endpoints.metrics {
            if let mixed = self.interleaved(signals, url: url, observation: observation, now: now, evidence: evidence) {
                // Counters from several processes interleave into resets: nothing read from them can be trusted.
                found.add(.unknown, .warning, mixed)
                return found.all
            }
            let blind = self.blind(signals, url: url, observation: observation, down: down, thresholds: api.thresholds, evidence: evidence)
            if let blind { found.add(.unknown, .warning, blind.text) }
            if blind?.judged != false {
                self.requestDiagnoses(api, signals: signals, observation: observation, now: now, evidence: evidence, into: &found)
            }
        }
        self.sloDiagnoses(api, observation: observation, now: now, into: &found)
        return found.all
    }

    /// Why the instances are not known, for a workload whose instances come from DNS.
    private static func unresolved(_ api: Workload.API, observation: Observation) -> String? {
        guard let name = api.endpoints.instances?.dns else { return nil }
        switch (observation.resolutionFailure, observation.instances.isEmpty) {
        case (let failure?, true): return "cannot resolve \(name.host): \(failure); no instances to probe or scrape"
        case (nil, true): return "\(name.host) has resolved to no address yet; no instances to probe or scrape"
        case (let failure?, false):
            return "cannot resolve \(name.host): \(failure); still watching the \(observation.instances.count) instances it resolved to last"
        case (nil, false): return nil
        }
    }

    /// Liveness, readiness and synthetic checks; returns the instances that are down.
    private static func probeDiagnoses(
        _ api: Workload.API,
        observation: Observation,
        now: Date,
        evidence: Evidence,
        into found: inout Findings
    ) -> Set<String> {
        let total = observation.instances.count
        let lives = observation.probes(.live)
        let down = lives.filter { $0.streak.state == .down }
        if !lives.isEmpty, down.count == lives.count {
            let text =
                observation.namesInstances
                ? "every instance fails its liveness probe (\(down.count) of \(total)); \(down.prefix(3).map { $0.failing(evidence) }.joined(separator: "; "))"
                : down[0].failing(evidence)
            found.add(.apiDown, .critical, text)
            return Set(down.map(\.instance))
        }
        if !down.isEmpty {
            let failing = down.prefix(3).map { $0.failing(evidence) }.joined(separator: "; ")
            found.add(.apiInstanceDown, .warning, "\(Spread.text(down.map(\.instance), of: total)) down, the others answer; \(failing)")
        }
        let downInstances = Set(down.map(\.instance))
        var notReady: [ProbeView] = []
        var neverReady: [(probe: ProbeView, since: String)] = []
        for ready in observation.probes(.ready) where ready.streak.state == .down && !downInstances.contains(ready.instance) {
            let startTime = observation.signals?.instances[ready.instance]?.latest?.startTime.map { Date(timeIntervalSince1970: $0) }
            let started = max(startTime ?? observation.watchingSince, observation.watchingSince)
            if ready.streak.firstSuccess.map({ $0 >= started }) ?? false {
                notReady.append(ready)
            } else if now.timeIntervalSince(started) > api.startup.inSeconds {
                let since = startTime.map { "process started \(evidence.clock($0))" } ?? "watching since \(evidence.clock(observation.watchingSince))"
                neverReady.append((ready, since))
            }
        }
        if let first = notReady.first {
            let spread = observation.namesInstances ? "\(Spread.text(notReady.map(\.instance), of: total)) not ready; " : ""
            found.add(.apiNotReady, .critical, spread + first.failing(evidence))
        }
        if let first = neverReady.first {
            let spread = observation.namesInstances ? "\(Spread.text(neverReady.map(\.probe.instance), of: total)) " : ""
            found.add(
                .apiNeverReady,
                .critical,
                "\(spread)alive but never ready: \(first.since), startup budget \(DurationText.format(api.startup)); \(first.probe.failing(evidence))"
            )
        }
        for synthetic in observation.probes where synthetic.streak.state == .down {
            if case .synthetic = synthetic.check.role { found.add(.apiSyntheticFailed, .critical, synthetic.failing(evidence)) }
        }
        return downInstances
    }

    /// Why the scraped signals cannot be read, if they cannot; `judged` says whether requests are still
    /// judged (on the instances that can be scraped).
    static func blind(
        _ signals: WorkloadSignals,
        url: String,
        observation: Observation,
        down: Set<String>,
        thresholds: SignalThresholds,
        evidence: Evidence
    ) -> (text: String, judged: Bool)? {
        if let failing = ScrapeFailures.describe(
            signals,
            url: url,
            observation: observation,
            down: down,
            threshold: thresholds.failureThreshold,
            evidence: evidence,
            notJudged: "errors, latency and SLO",
            partly: "their requests are not counted; the others' are judged"
        ) {
            return failing
        }
        // An API that has not been called yet looks the same as one without request metrics: a workload
        // watched for less than a minute (a fresh start, a new spec) is given that minute before it is called blind.
        if let latest = signals.latest, latest.latency.bounds.isEmpty, latest.requests == 0, signals.recent.count >= 2,
            latest.at.timeIntervalSince(observation.watchingSince) >= 60,
            signals.window(.seconds(3600))?.delta.requests == 0
        {
            let profile = signals.profile.map { "profile \($0)" } ?? "no known profile"
            return ("\(url) has no request metrics (\(profile)); errors, latency and SLO are not judged", false)
        }
        return nil
    }

    /// Why one metrics URL that answers from several processes cannot be read, within the restart window.
    static func interleaved(_ signals: WorkloadSignals, url: String, observation: Observation, now: Date, evidence: Evidence) -> String? {
        guard !observation.namesInstances, let single = signals.instances[""], let at = single.interleavedAt,
            now.timeIntervalSince(at) < self.restartWindow.inSeconds
        else { return nil }
        let starts = Set(single.startTimes).sorted().suffix(3).map { evidence.clock(Date(timeIntervalSince1970: $0)) }.joined(separator: ", ")
        return
            "\(url) answers from several processes (process start times \(starts) alternate, last at \(evidence.clock(at))): replicas behind one URL interleave their counters; list them under instances: or name them with dns: so each is scraped on its own; errors, latency, restarts and SLO are not judged"
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
}
