package import Foundation

/// Identifies one alert: a diagnosis of a workload.
package struct AlertKey: Sendable, Hashable, Codable, CustomStringConvertible {
    package var workload: String
    package var diagnosis: Diagnosis.ID

    package init(workload: String, diagnosis: Diagnosis.ID) {
        self.workload = workload
        self.diagnosis = diagnosis
    }

    package var description: String { "\(self.workload)/\(self.diagnosis)" }
}

/// Where one alert is in its lifecycle. Persisted, so a restarted watcher neither repeats nor forgets.
package struct AlertState: Sendable, Hashable, Codable {
    /// `pending` waits out `for:`, `firing` has (or will have) notified, `resolving` waits out the resolve hold.
    package enum Phase: String, Sendable, Codable { case pending, firing, resolving }

    package var phase: Phase
    /// When the diagnosis first appeared in this episode.
    package var activeSince: Date
    /// When it started firing.
    package var firingSince: Date?
    /// When it stopped being diagnosed, while resolving.
    package var inactiveSince: Date?
    /// Whether the firing notification was queued (a silence can hold it back).
    package var notified: Bool
    package var severity: Severity
    /// The latest evidence, kept for the resolve notification.
    package var evidence: String

    package init(
        phase: Phase,
        activeSince: Date,
        firingSince: Date?,
        inactiveSince: Date?,
        notified: Bool,
        severity: Severity,
        evidence: String
    ) {
        self.phase = phase
        self.activeSince = activeSince
        self.firingSince = firingSince
        self.inactiveSince = inactiveSince
        self.notified = notified
        self.severity = severity
        self.evidence = evidence
    }
}

/// How long a diagnosis must hold before it fires, and how long it must be gone before it resolves.
package struct AlertPolicy: Sendable, Hashable {
    /// `for:`: time a diagnosis must persist before it fires.
    package var holdFor: Duration
    /// Time a firing alert must stay clear before it resolves, against flapping.
    package var resolveAfter: Duration

    package init(holdFor: Duration, resolveAfter: Duration) {
        self.holdFor = holdFor
        self.resolveAfter = resolveAfter
    }
}

/// What the lifecycle asks for: notifications, to be written in the same transaction as the states.
package enum AlertAction: Sendable, Hashable {
    case fire(AlertKey, severity: Severity, evidence: String, since: Date)
    case resolve(AlertKey, severity: Severity, lastEvidence: String, firedAt: Date)
}
