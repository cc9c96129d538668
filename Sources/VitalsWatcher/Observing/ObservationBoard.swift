package import Foundation
import Synchronization
import VitalsBase
package import VitalsCore
package import VitalsStore

/// What the prober and the scraper have seen of every API and worker, in memory: the current instances
/// of each, damped probe streaks per instance, signals per instance and summed, SLO minutes for the
/// longest window and recent minutes for charts. Closed minutes wait here until the next flush writes them
/// to the store, from which a restarted watcher reloads them.
package final class ObservationBoard: Sendable {
    /// Minutes of full rollups kept in memory for the status page's charts.
    package static let chartMinutes = 180

    struct State {
        /// By workload: the instances probed and scraped now (`[""]` for one reached at whole URLs).
        var instances: [String: [String]] = [:]
        /// By workload: the probe checks on those instances.
        var checks: [String: [ProbeCheck]] = [:]
        /// By workload: why the last DNS lookup failed.
        var resolutionFailures: [String: String] = [:]
        var streaks: [String: ProbeStreak] = [:]
        var signals: [String: WorkloadSignals] = [:]
        var slo: [String: [SLOMinute]] = [:]
        /// By workload, then route key.
        var routeSLO: [String: [String: [SLOMinute]]] = [:]
        var charts: [String: [MinuteRollup]] = [:]
        var unsaved: [StoredRollup] = []
    }

    private let state = Mutex(State())
    let workloads: [String: Workload]
    /// `watcher.links`: the trace and logs templates evidence fills with the trace ids it names.
    let links: (trace: String?, logs: String?)

    package init(spec: Spec) {
        self.workloads = Dictionary(spec.workloads.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.links = (spec.watcher.traceLink, spec.watcher.logsLink)
        self.state.withLock { state in
            for workload in spec.workloads where workload.kind != .job {
                self.place(workload, on: workload.specInstances, in: &state)
                if workload.endpoints?.metrics != nil {
                    let api = workload.api
                    state.signals[workload.name] = WorkloadSignals(
                        fastBelow: api?.slo?.latencyBelow?.inSeconds,
                        routeRules: api?.routes ?? []
                    )
                }
            }
        }
    }

    /// Workloads the board observes: APIs and workers with probes or a metrics URL.
    package var observed: [String] {
        self.workloads.values.filter { $0.kind != .job && Evaluator.watches($0) }.map(\.name).sorted()
    }

    /// The probe checks of `workload` with `role`, on its current instances.
    package func checks(_ workload: String, role: ProbeCheck.Role) -> [ProbeCheck] {
        self.state.withLock { ($0.checks[workload] ?? []).filter { $0.role == role } }
    }

    /// The instances `workload` has now.
    package func instances(_ workload: String) -> [String] {
        self.state.withLock { $0.instances[workload] ?? [] }
    }

    /// Follows a new DNS answer: new instances get fresh streaks and counters, gone ones are forgotten
    /// (their past requests stay in the workload's sums).
    package func setInstances(_ instances: [String], workload: String) {
        guard let spec = self.workloads[workload] else { return }
        self.state.withLock { state in
            state.resolutionFailures[workload] = nil
            guard state.instances[workload] != instances else { return }
            self.place(spec, on: instances, in: &state)
            state.signals[workload]?.keep(instances: Set(instances))
        }
    }

    /// A DNS lookup failed: the instances it resolved to last are still watched, and evidence says why.
    package func recordResolutionFailure(_ reason: String, workload: String) {
        self.state.withLock { $0.resolutionFailures[workload] = reason }
    }

    private func place(_ workload: Workload, on instances: [String], in state: inout State) {
        let checks = workload.probeChecks(on: instances)
        let thresholds = workload.thresholds ?? SignalThresholds()
        let previous = Set((state.checks[workload.name] ?? []).map(\.id))
        for check in checks where !previous.contains(check.id) {
            state.streaks[check.id] = ProbeStreak(failureThreshold: thresholds.failureThreshold, successThreshold: thresholds.successThreshold)
        }
        for gone in previous.subtracting(checks.map(\.id)) { state.streaks[gone] = nil }
        state.instances[workload.name] = instances
        state.checks[workload.name] = checks
    }

    package func record(_ outcome: ProbeOutcome) {
        self.state.withLock { $0.streaks[outcome.check]?.record(outcome) }
    }

    /// Adds a scrape of `instance` (`""` for a workload scraped at one URL).
    package func recordScrape(_ reading: ScrapeReading, workload: String, instance: String = "", at time: Date) {
        self.state.withLock { state in
            guard state.instances[workload]?.contains(instance) == true, var signals = state.signals[workload] else { return }
            let closed = signals.record(reading, instance: instance, at: time)
            state.signals[workload] = signals
            self.keep(closed, workload: workload, in: &state)
        }
    }

    package func recordScrapeFailure(_ reason: String, workload: String, instance: String = "", at time: Date) {
        self.state.withLock { state in
            guard state.instances[workload]?.contains(instance) == true, var signals = state.signals[workload] else { return }
            let closed = signals.recordFailure(reason, instance: instance, at: time)
            state.signals[workload] = signals
            self.keep(closed, workload: workload, in: &state)
        }
    }

    private func keep(_ closed: [MinuteRollup], workload: String, in state: inout State) {
        guard !closed.isEmpty else { return }
        state.unsaved += closed.map { StoredRollup(workload: workload, rollup: $0) }
        self.append(closed, workload: workload, in: &state)
    }

    private func append(_ rollups: [MinuteRollup], workload: String, in state: inout State) {
        guard let newest = rollups.last?.minute else { return }
        var charts = state.charts[workload, default: []]
        charts.removeAll { chart in rollups.contains { $0.minute == chart.minute } }
        charts += rollups
        charts.sort { $0.minute < $1.minute }
        charts.removeFirst(charts.prefix { $0.minute <= newest - Int64(Self.chartMinutes) }.count)
        state.charts[workload] = charts
        guard let api = self.workloads[workload]?.api else { return }
        if let slo = api.slo {
            state.slo[workload] = Self.merge(state.slo[workload] ?? [], rollups.map(SLOMinute.init), window: slo.window, newest: newest)
        }
        for rule in api.routes {
            guard let slo = rule.slo else { continue }
            let minutes = rollups.map { SLOMinute($0, route: rule.key) }
            state.routeSLO[workload, default: [:]][rule.key] = Self.merge(
                state.routeSLO[workload]?[rule.key] ?? [],
                minutes,
                window: slo.window,
                newest: newest
            )
        }
    }

    /// `kept` with `added` in minute order (an added minute replaces a kept one), trimmed to `window`.
    private static func merge(_ kept: [SLOMinute], _ added: [SLOMinute], window: Duration, newest: Int64) -> [SLOMinute] {
        var minutes = kept
        minutes.removeAll { minute in added.contains { $0.minute == minute.minute } }
        minutes += added
        minutes.sort { $0.minute < $1.minute }
        minutes.removeFirst(minutes.prefix { $0.minute <= newest - window.components.seconds / 60 }.count)
        return minutes
    }

    /// Loads rollups stored by an earlier run, so SLO windows and charts survive restarts.
    package func restore(_ rollups: [MinuteRollup], workload: String) {
        self.state.withLock { state in
            self.append(rollups, workload: workload, in: &state)
            state.signals[workload]?.restoreDeploys(rollups)
        }
    }

    /// Closed minutes not yet written; the caller writes them (and puts them back if that fails).
    package func takeUnsaved() -> [StoredRollup] {
        self.state.withLock { state in
            defer { state.unsaved = [] }
            return state.unsaved
        }
    }

    package func putBack(_ rollups: [StoredRollup]) {
        self.state.withLock { $0.unsaved = rollups + $0.unsaved }
    }

    /// Everything diagnosers read about `workload`.
    package func observation(_ workload: String, watchingSince: Date) -> Observation {
        self.state.withLock { state in
            var observation = Observation(watchingSince: watchingSince)
            (observation.traceLink, observation.logsLink) = self.links
            observation.instances = state.instances[workload] ?? []
            observation.resolutionFailure = state.resolutionFailures[workload]
            observation.probes = (state.checks[workload] ?? []).compactMap { check in
                state.streaks[check.id].map { ProbeView(check: check, streak: $0) }
            }
            let signals = state.signals[workload]
            observation.signals = signals
            let open = signals?.openMinute
            let api = self.workloads[workload]?.api
            if api?.slo != nil { observation.sloMinutes = (state.slo[workload] ?? []) + (open.map { [SLOMinute($0)] } ?? []) }
            for rule in api?.routes ?? [] where rule.slo != nil {
                observation.routeSLOMinutes[rule.key] =
                    (state.routeSLO[workload]?[rule.key] ?? []) + (open.map { [SLOMinute($0, route: rule.key)] } ?? [])
            }
            return observation
        }
    }

    /// Closed minutes for charts, oldest first, with the open minute last.
    package func chart(_ workload: String) -> [MinuteRollup] {
        self.state.withLock { state in
            (state.charts[workload] ?? []) + (state.signals[workload]?.openMinute.map { [$0] } ?? [])
        }
    }
}
