public import Foundation

/// Identifies one alert: a diagnosis of a workload.
public struct AlertKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var workload: String
    public var diagnosis: String

    public init(workload: String, diagnosis: Diagnosis.ID) {
        self.workload = workload
        self.diagnosis = diagnosis.rawValue
    }

    public var description: String { "\(self.workload)/\(self.diagnosis)" }
}

/// Where one alert is in its lifecycle. Persisted, so a restarted watcher neither repeats nor forgets.
public struct AlertState: Sendable, Hashable, Codable {
    /// `pending` waits out `for:`, `firing` has (or will have) notified, `resolving` waits out the resolve hold.
    public enum Phase: String, Sendable, Codable { case pending, firing, resolving }

    public var phase: Phase
    /// When the diagnosis first appeared in this episode.
    public var activeSince: Date
    /// When it started firing.
    public var firingSince: Date?
    /// When it stopped being diagnosed, while resolving.
    public var inactiveSince: Date?
    /// Whether the firing notification was queued (a silence can hold it back).
    public var notified: Bool
    public var severity: Severity
    /// The latest evidence, kept for the resolve notification.
    public var evidence: String

    public init(
        phase: Phase, activeSince: Date, firingSince: Date?, inactiveSince: Date?, notified: Bool, severity: Severity, evidence: String
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
public struct AlertPolicy: Sendable, Hashable {
    /// `for:`: time a diagnosis must persist before it fires.
    public var holdFor: Duration
    /// Time a firing alert must stay clear before it resolves, against flapping.
    public var resolveAfter: Duration

    public init(holdFor: Duration, resolveAfter: Duration) {
        self.holdFor = holdFor
        self.resolveAfter = resolveAfter
    }
}

/// What the lifecycle asks for: notifications, to be written in the same transaction as the states.
public enum AlertAction: Sendable, Hashable {
    case fire(AlertKey, severity: Severity, evidence: String, since: Date)
    case resolve(AlertKey, severity: Severity, lastEvidence: String, firedAt: Date)
}
