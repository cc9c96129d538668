package import Foundation
import Synchronization
import VitalsBase
package import VitalsCore
package import VitalsStore

/// What the prober and the scraper have seen of every API and worker, in memory: damped probe streaks,
/// signal accumulators, SLO minutes for the longest window and recent minutes for charts. Closed minutes
/// wait here until the next flush writes them to the store, from which a restarted watcher reloads them.
package final class ObservationBoard: Sendable {
    /// Minutes of full rollups kept in memory for the status page's charts.
    package static let chartMinutes = 180

    struct State {
        var streaks: [String: ProbeStreak] = [:]
        var accumulators: [String: SignalAccumulator] = [:]
        var slo: [String: [SLOMinute]] = [:]
        var charts: [String: [MinuteRollup]] = [:]
        var unsaved: [StoredRollup] = []
    }

    private let state = Mutex(State())
    let workloads: [String: Workload]
    /// Every probe check, by workload.
    package let checks: [String: [ProbeCheck]]

    package init(spec: Spec) {
        self.workloads = Dictionary(spec.workloads.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.checks = Dictionary(spec.workloads.map { ($0.name, $0.probeChecks) }, uniquingKeysWith: { first, _ in first })
        self.state.withLock { state in
            for workload in spec.workloads where workload.kind != .job {
                for check in workload.probeChecks {
                    let thresholds = workload.thresholds ?? SignalThresholds()
                    state.streaks[check.id] = ProbeStreak(
                        failureThreshold: thresholds.failureThreshold,
                        successThreshold: thresholds.successThreshold
                    )
                }
                if workload.endpoints?.metrics != nil {
                    state.accumulators[workload.name] = SignalAccumulator(fastBelow: workload.api?.slo?.latencyBelow?.inSeconds)
                }
            }
        }
    }

    /// Workloads the board observes: APIs and workers with probes or a metrics URL.
    package var observed: [String] {
        self.workloads.values.filter { $0.kind != .job && Evaluator.watches($0) }.map(\.name).sorted()
    }

    package func record(_ outcome: ProbeOutcome) {
        self.state.withLock { $0.streaks[outcome.check]?.record(outcome) }
    }

    package func recordScrape(_ reading: ScrapeReading, workload: String, at time: Date) {
        self.state.withLock { state in
            guard var accumulator = state.accumulators[workload] else { return }
            let closed = accumulator.record(reading, at: time)
            state.accumulators[workload] = accumulator
            self.keep(closed, workload: workload, in: &state)
        }
    }

    package func recordScrapeFailure(_ reason: String, workload: String, at time: Date) {
        self.state.withLock { state in
            guard var accumulator = state.accumulators[workload] else { return }
            let closed = accumulator.recordFailure(reason, at: time)
            state.accumulators[workload] = accumulator
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
        if let slo = self.workloads[workload]?.api?.slo {
            var minutes = state.slo[workload, default: []]
            minutes.removeAll { minute in rollups.contains { $0.minute == minute.minute } }
            minutes += rollups.map(SLOMinute.init)
            minutes.sort { $0.minute < $1.minute }
            minutes.removeFirst(minutes.prefix { $0.minute <= newest - slo.window.components.seconds / 60 }.count)
            state.slo[workload] = minutes
        }
    }

    /// Loads rollups stored by an earlier run, so SLO windows and charts survive restarts.
    package func restore(_ rollups: [MinuteRollup], workload: String) {
        self.state.withLock { self.append(rollups, workload: workload, in: &$0) }
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
            observation.probes = (self.checks[workload] ?? []).compactMap { check in
                state.streaks[check.id].map { ProbeView(check: check, streak: $0) }
            }
            observation.signals = state.accumulators[workload]
            var minutes = state.slo[workload] ?? []
            if let open = state.accumulators[workload]?.openMinute, self.workloads[workload]?.api?.slo != nil { minutes.append(SLOMinute(open)) }
            observation.sloMinutes = minutes
            return observation
        }
    }

    /// Closed minutes for charts, oldest first, with the open minute last.
    package func chart(_ workload: String) -> [MinuteRollup] {
        self.state.withLock { state in
            (state.charts[workload] ?? []) + (state.accumulators[workload]?.openMinute.map { [$0] } ?? [])
        }
    }
}
