package import Foundation
package import Logging
import Vitals
package import VitalsCore
package import VitalsStore

/// One evaluation cycle: diagnoses for every workload the watcher reads, the alert lifecycle over them,
/// and the new states committed with their notifications in one transaction.
///
/// Nothing is held in timers: deadlines follow from stored runs, pings and alert states, so a watcher
/// that was down evaluates once on return and notifies what fell due meanwhile, once.
package struct Evaluator: Sendable {
    let spec: Spec
    let store: any WatchStore
    let lifecycle: AlertLifecycle
    /// What the prober and scraper saw; nil when nothing is probed or scraped.
    let board: ObservationBoard?
    let logger: Logger
    /// What each cycle reads, worked out once: copying 10,000 workloads' specs every cycle to find these
    /// cost more than diagnosing them.
    let pinged: [Workload]
    let jobs: [String]
    let workers: [String]
    let byName: [String: Workload]

    /// The log handlers' redaction, applied to every text the watcher shows or sends.
    static let redactor = Redactor()

    package init(spec: Spec, store: any WatchStore, board: ObservationBoard? = nil, logger: Logger) {
        self.spec = spec
        self.store = store
        self.board = board
        self.lifecycle = AlertLifecycle(workloads: spec.workloads)
        self.logger = logger
        self.pinged = spec.workloads.filter(\.readsPings)
        self.jobs = self.pinged.filter { $0.kind == .job }.map(\.name)
        self.workers = self.pinged.filter { $0.kind == .worker }.map(\.name)
        self.byName = Dictionary(spec.workloads.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// What a cycle did: evaluated, or left the cycle to another watcher sharing the store.
    package enum Outcome: Sendable {
        case evaluated(Evaluation)
        /// Another watcher on the same store holds the evaluation; a normal outcome, not a failure.
        case skipped

        /// The evaluation, unless the cycle was skipped.
        package var evaluation: Evaluation? {
            if case .evaluated(let evaluation) = self { evaluation } else { nil }
        }
    }

    /// Runs one cycle at `now` (injected, so tests drive a manual clock). Throws when the store fails.
    /// - Parameter wallClockStep: seconds the wall clock stepped since the last cycle (0 when it did not):
    ///   alert holds move with it, so a clock set forward an hour does not fire every pending alert at once,
    ///   and one set back does not hold them for an hour.
    package func evaluate(now: Date, wallClockStep: TimeInterval = 0) async throws -> Outcome {
        guard
            let evaluation = try await self.store.whileEvaluating({
                try await self.evaluateExclusively(now: now, wallClockStep: wallClockStep)
            })
        else { return .skipped }
        return .evaluated(evaluation)
    }

    private func evaluateExclusively(now: Date, wallClockStep: TimeInterval) async throws -> Evaluation {
        // Every read the cycle needs at once, each one read whatever the number of workloads (every job's
        // runs, every worker's last ping): on a pool of connections they overlap instead of queueing.
        async let recordsRead = self.store.workloads()
        async let runsRead = self.store.runs(workloads: self.jobs, limit: JobDiagnoser.historyWindow + 2)
        async let lastPingsRead = self.store.lastPings(workloads: self.workers)
        async let silencesRead = self.store.silences(endingAfter: now)
        async let storedRead = self.store.alertStates()
        let records = Dictionary(try await recordsRead.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var diagnoses: [String: [Diagnosis]] = [:]
        do {
            let runs = try await runsRead
            let lastPings = try await lastPingsRead
            for workload in self.pinged {
                let watchingSince = records[workload.name]?.watchingSince ?? now
                switch workload.kind {
                case .job:
                    diagnoses[workload.name] = JobDiagnoser.diagnose(
                        workload,
                        runs: runs[workload.name] ?? [],
                        watchingSince: watchingSince,
                        now: now
                    )
                case .worker:
                    diagnoses[workload.name] = HeartbeatDiagnoser.diagnose(
                        workload,
                        lastPing: lastPings[workload.name],
                        watchingSince: watchingSince,
                        now: now
                    )
                case .api:
                    break
                }
            }
        } catch {
            // Histories that cannot be read make those workloads `unknown`, with the reason; the probed
            // and scraped ones are diagnosed all the same.
            self.logger.error("Reading the workloads' pings and runs failed", metadata: ["error": "\(error)"])
            for workload in self.pinged {
                diagnoses[workload.name] = [
                    Diagnosis(
                        id: .unknown,
                        workload: workload.name,
                        severity: .warning,
                        evidence: "cannot read its pings and runs from the store: \(error)"
                    )
                ]
            }
        }
        if let board = self.board {
            for name in board.observed {
                guard let workload = board.workloads[name] else { continue }
                let observation = board.observation(name, watchingSince: records[name]?.watchingSince ?? now)
                let found =
                    workload.kind == .api
                    ? APIDiagnoser.diagnose(workload, observation: observation, now: now)
                    : WorkerDiagnoser.diagnose(workload, observation: observation, now: now)
                diagnoses[name, default: []] += found
            }
        }
        // Evidence names URLs (a scrape that fails, a probe's target): credentials in them are redacted here,
        // once, before the text is stored, shown on the status page and API, or sent in a notification.
        diagnoses = diagnoses.mapValues { found in
            found.map { diagnosis in
                var diagnosis = diagnosis
                diagnosis.evidence = Self.redactor.redact(diagnosis.evidence)
                return diagnosis
            }
        }
        let evaluated = Set(diagnoses.keys)
        let silences = try await silencesRead
        let stored = try await storedRead
        let (states, actions) = self.lifecycle.step(
            states: wallClockStep == 0 ? stored : AlertLifecycle.shifted(stored, by: wallClockStep),
            active: diagnoses.values.flatMap { $0 },
            evaluated: evaluated,
            silenced: { key in silences.contains { $0.covers(key, at: now) } },
            now: now
        )
        let outbox = actions.flatMap { action in
            let notification = action.notification
            return NotificationRouting.channels(for: notification, workload: self.byName[notification.key.workload], channels: self.spec.notify)
                .map { OutboxEntry(notification: notification, channel: $0) }
        }
        // Rewritten: evaluated workloads whose states changed (rewriting the same states is a no-op that
        // cost a tenth of a cycle with 10,000 workloads) — where only the evidence changed, about once a
        // minute (see EvidenceRefresh) —, workloads gone from the spec (their alerts resolved), and after a
        // clock step every workload with a state (their holds moved).
        let refresh = EvidenceRefresh(evaluateEvery: self.spec.watcher.evaluateEvery, now: now)
        let changed = Self.workloadsChanged(from: stored, to: states, evidenceDue: refresh.isDue).intersection(evaluated)
        let rewritten = changed.union(stored.keys.map(\.workload).filter { wallClockStep != 0 || self.lifecycle.isRetired($0) })
        try await self.store.commit(states: states, evaluated: rewritten, notifications: outbox, now: now)
        for action in actions {
            let notification = action.notification
            self.logger.notice(
                notification.event == .fire ? "Alert firing" : "Alert resolved",
                metadata: [
                    "workload": "\(notification.key.workload)", "diagnosis": "\(notification.key.diagnosis)",
                    "severity": "\(notification.severity.rawValue)", "evidence": "\(notification.evidence)",
                ]
            )
        }
        return Evaluation(at: now, diagnoses: diagnoses, alerts: states, silences: silences, actions: actions)
    }

    /// Workloads whose alert states differ between `old` and `new`, a state added or gone included; a
    /// state whose evidence alone changed counts only when `evidenceDue` says its workload's turn has come.
    package static func workloadsChanged(
        from old: [AlertKey: AlertState],
        to new: [AlertKey: AlertState],
        evidenceDue: (String) -> Bool = { _ in true }
    ) -> Set<String> {
        var changed = Set<String>()
        for (key, state) in new {
            guard let before = old[key] else {
                changed.insert(key.workload)
                continue
            }
            if before == state { continue }
            var reworded = before
            reworded.evidence = state.evidence
            if reworded != state || evidenceDue(key.workload) { changed.insert(key.workload) }
        }
        for key in old.keys where new[key] == nil { changed.insert(key.workload) }
        return changed
    }

    /// Whether this watcher reads anything of `workload`: pings, probes or a metrics URL.
    package static func watches(_ workload: Workload) -> Bool {
        guard !workload.readsPings else { return true }
        guard let endpoints = workload.endpoints else { return false }
        return endpoints.metrics != nil || endpoints.live != nil || endpoints.ready != nil || !(workload.api?.synthetic.isEmpty ?? true)
    }
}

/// What one evaluation found, for the status page and the API.
package struct Evaluation: Sendable {
    package var at: Date
    /// Diagnoses holding now, by workload; workloads absent were not evaluated.
    package var diagnoses: [String: [Diagnosis]]
    /// Alert states after the cycle.
    package var alerts: [AlertKey: AlertState]
    /// Silences not yet ended.
    package var silences: [Silence]
    /// Notifications the cycle queued.
    package var actions: [AlertAction]

    package init(at: Date, diagnoses: [String: [Diagnosis]], alerts: [AlertKey: AlertState], silences: [Silence], actions: [AlertAction]) {
        self.at = at
        self.diagnoses = diagnoses
        self.alerts = alerts
        self.silences = silences
        self.actions = actions
    }
}
