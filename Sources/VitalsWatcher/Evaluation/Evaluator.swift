public import Foundation
public import Logging
public import VitalsCore
public import VitalsStore

/// One evaluation cycle: diagnoses for every workload the watcher reads, the alert lifecycle over them,
/// and the new states committed with their notifications in one transaction.
///
/// Nothing is held in timers: deadlines follow from stored runs, pings and alert states, so a watcher
/// that was down evaluates once on return and notifies what fell due meanwhile, once.
public struct Evaluator: Sendable {
    let spec: Spec
    let store: any WatchStore
    let lifecycle: AlertLifecycle
    /// What the prober and scraper saw; nil when nothing is probed or scraped.
    let board: ObservationBoard?
    let logger: Logger

    public init(spec: Spec, store: any WatchStore, board: ObservationBoard? = nil, logger: Logger) {
        self.spec = spec
        self.store = store
        self.board = board
        self.lifecycle = AlertLifecycle(workloads: spec.workloads)
        self.logger = logger
    }

    /// Another watcher sharing the store is evaluating: this one skips the cycle.
    public struct Skipped: Error {}

    /// Runs one cycle at `now` (injected, so tests drive a manual clock). Throws ``Skipped`` when
    /// another watcher on the same store holds the evaluation.
    public func evaluate(now: Date) async throws -> Evaluation {
        guard let evaluation = try await self.store.whileEvaluating({ try await self.evaluateExclusively(now: now) }) else { throw Skipped() }
        return evaluation
    }

    private func evaluateExclusively(now: Date) async throws -> Evaluation {
        let records = Dictionary(try await self.store.workloads().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var diagnoses: [String: [Diagnosis]] = [:]
        for workload in self.spec.workloads where Self.readsPings(workload) {
            let watchingSince = records[workload.name]?.watchingSince ?? now
            switch workload.kind {
            case .job:
                let runs = try await self.store.runs(workload: workload.name, limit: JobDiagnoser.historyWindow + 2)
                diagnoses[workload.name] = JobDiagnoser.diagnose(workload, runs: runs, watchingSince: watchingSince, now: now)
            case .worker:
                let lastPing = try await self.store.lastPing(workload: workload.name)
                diagnoses[workload.name] = HeartbeatDiagnoser.diagnose(workload, lastPing: lastPing, watchingSince: watchingSince, now: now)
            case .api:
                break
            }
        }
        if let board = self.board {
            for name in board.observed {
                guard let workload = board.workloads[name] else { continue }
                let observation = board.observation(name, watchingSince: records[name]?.watchingSince ?? now)
                let found = workload.kind == .api
                    ? APIDiagnoser.diagnose(workload, observation: observation, now: now)
                    : WorkerDiagnoser.diagnose(workload, observation: observation, now: now)
                diagnoses[name, default: []] += found
            }
        }
        let evaluated = Set(diagnoses.keys)
        let silences = try await self.store.silences(endingAfter: now)
        let (states, actions) = self.lifecycle.step(
            states: try await self.store.alertStates(), active: diagnoses.values.flatMap { $0 }, evaluated: evaluated,
            silenced: { key in silences.contains { $0.covers(key, at: now) } }, now: now)
        let byName = Dictionary(self.spec.workloads.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let outbox = actions.flatMap { action in
            let notification = action.notification
            return NotificationRouting.channels(for: notification, workload: byName[notification.key.workload], channels: self.spec.notify)
                .map { OutboxEntry(notification: notification, channel: $0) }
        }
        try await self.store.commit(states: states, evaluated: evaluated, notifications: outbox, now: now)
        for action in actions {
            let notification = action.notification
            self.logger.notice(
                notification.event == .fire ? "Alert firing" : "Alert resolved",
                metadata: [
                    "workload": "\(notification.key.workload)", "diagnosis": "\(notification.key.diagnosis)",
                    "severity": "\(notification.severity.rawValue)", "evidence": "\(notification.evidence)",
                ])
        }
        return Evaluation(at: now, diagnoses: diagnoses, alerts: states, silences: silences, actions: actions)
    }

    /// Workloads whose signals arrive as pings: jobs, and workers with `heartbeat: true`. Probes and
    /// scrapes (APIs, workers with metrics) are read from the ``ObservationBoard``.
    public static func readsPings(_ workload: Workload) -> Bool {
        workload.kind == .job || (workload.kind == .worker && workload.heartbeat)
    }

    /// Whether this watcher reads anything of `workload`: pings, probes or a metrics URL.
    public static func watches(_ workload: Workload) -> Bool {
        self.readsPings(workload) || (workload.kind != .job && (workload.metrics != nil || !workload.probeChecks.isEmpty))
    }
}

/// What one evaluation found, for the status page and the API.
public struct Evaluation: Sendable {
    public var at: Date
    /// Diagnoses holding now, by workload; workloads absent were not evaluated.
    public var diagnoses: [String: [Diagnosis]]
    /// Alert states after the cycle.
    public var alerts: [AlertKey: AlertState]
    /// Silences not yet ended.
    public var silences: [Silence]
    /// Notifications the cycle queued.
    public var actions: [AlertAction]
}
