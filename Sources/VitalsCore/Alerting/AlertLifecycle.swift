package import Foundation
import VitalsBase

/// The alert state machine: pending → firing → resolving → resolved, with `for:` and a resolve hold.
///
/// Pure: it maps (states, active diagnoses, silences, now) to new states and actions. The caller
/// persists both in one transaction (the outbox), which is what makes a restart neither repeat nor
/// lose a notification.
package struct AlertLifecycle: Sendable {
    /// The policy for an alert: a workload's `for:` and `resolve_after`.
    package var policy: @Sendable (AlertKey) -> AlertPolicy
    /// The workloads of the spec, when known: an alert of any other workload (one removed from the spec
    /// while it fired) is resolved at once, rather than left firing forever.
    package var workloads: Set<String>?

    package init(policy: @escaping @Sendable (AlertKey) -> AlertPolicy) { self.policy = policy }

    /// Policies from the spec: each workload's `for:` and `resolve_after`; unknown workloads resolve at once.
    package init(workloads: [Workload]) {
        let policies = Dictionary(
            workloads.map { ($0.name, AlertPolicy(holdFor: $0.alertFor, resolveAfter: $0.resolveAfter)) },
            uniquingKeysWith: { first, _ in first }
        )
        self.policy = { policies[$0.workload] ?? AlertPolicy(holdFor: .zero, resolveAfter: .zero) }
        self.workloads = Set(workloads.map(\.name))
    }

    /// Whether `workload` is no longer in the spec.
    package func isRetired(_ workload: String) -> Bool { self.workloads.map { !$0.contains(workload) } ?? false }

    /// `states` with every instant moved by `seconds`: after the wall clock stepped, holds keep the time
    /// they had left instead of jumping to their end (or back by the step).
    package static func shifted(_ states: [AlertKey: AlertState], by seconds: TimeInterval) -> [AlertKey: AlertState] {
        states.mapValues { state in
            var state = state
            state.activeSince.addTimeInterval(seconds)
            state.firingSince?.addTimeInterval(seconds)
            state.inactiveSince?.addTimeInterval(seconds)
            return state
        }
    }

    /// One evaluation.
    /// - Parameters:
    ///   - states: the persisted states; keys absent are inactive.
    ///   - active: every diagnosis that holds now.
    ///   - evaluated: the workloads whose diagnoses were computed this time; alerts of other workloads keep their state.
    ///   - silenced: whether notifications for a key are held back now.
    package func step(
        states: [AlertKey: AlertState],
        active: [Diagnosis],
        evaluated: Set<String>,
        silenced: (AlertKey) -> Bool,
        now: Date
    ) -> (states: [AlertKey: AlertState], actions: [AlertAction]) {
        var next = states
        var actions: [AlertAction] = []
        let activeByKey = Dictionary(active.map { (AlertKey(workload: $0.workload, diagnosis: $0.id), $0) }, uniquingKeysWith: { first, _ in first })

        for (key, diagnosis) in activeByKey {
            let policy = self.policy(key)
            var state =
                next[key]
                ?? AlertState(
                    phase: .pending,
                    activeSince: now,
                    firingSince: nil,
                    inactiveSince: nil,
                    notified: false,
                    severity: diagnosis.severity,
                    evidence: diagnosis.evidence
                )
            state.evidence = diagnosis.evidence
            state.severity = diagnosis.severity
            state.inactiveSince = nil
            if state.phase == .resolving { state.phase = .firing }  // flapping back: no second notification
            if state.phase == .pending, now.timeIntervalSince(state.activeSince) >= policy.holdFor.inSeconds {
                state.phase = .firing
                state.firingSince = now
            }
            if state.phase == .firing, !state.notified, !silenced(key) {
                state.notified = true
                actions.append(.fire(key, severity: state.severity, evidence: state.evidence, since: state.activeSince))
            }
            next[key] = state
        }

        for (key, state) in states where activeByKey[key] == nil && (evaluated.contains(key.workload) || self.isRetired(key.workload)) {
            switch state.phase {
            case .pending:
                next[key] = nil  // never fired: gone without a word
            case .firing, .resolving:
                var state = state
                let since = state.inactiveSince ?? now
                state.inactiveSince = since
                state.phase = .resolving
                if now.timeIntervalSince(since) >= self.policy(key).resolveAfter.inSeconds {
                    next[key] = nil
                    if state.notified {
                        actions.append(
                            .resolve(key, severity: state.severity, lastEvidence: state.evidence, firedAt: state.firingSince ?? state.activeSince)
                        )
                    }
                } else {
                    next[key] = state
                }
            }
        }
        return (next, actions.sorted { $0.sortKey < $1.sortKey })
    }
}

extension AlertAction {
    /// Actions come out in a stable order so that outbox rows and tests are deterministic.
    var sortKey: String {
        switch self {
        case .fire(let key, _, _, _): "\(key) fire"
        case .resolve(let key, _, _, _): "\(key) resolve"
        }
    }
}
