public import Foundation

/// What the watcher sees of an API or worker from the outside: its probes, its scraped signals and
/// its SLO minutes. Diagnosers read this and nothing else.
public struct Observation: Sendable {
    public var probes: [ProbeView] = []
    /// Nil when the workload has no `metrics` URL.
    public var signals: SignalAccumulator?
    /// Ascending, the open minute last.
    public var sloMinutes: [SLOMinute] = []
    public var watchingSince: Date

    public init(watchingSince: Date) { self.watchingSince = watchingSince }

    func probe(_ role: ProbeCheck.Role) -> ProbeView? { self.probes.first { $0.check.role == role } }
}
