package import Foundation

/// What the watcher sees of an API or worker from the outside: its probes, its scraped signals and
/// its SLO minutes. Diagnosers read this and nothing else.
package struct Observation: Sendable {
    package var probes: [ProbeView] = []
    /// Nil when the workload has no `metrics` URL.
    package var signals: SignalAccumulator?
    /// Ascending, the open minute last.
    package var sloMinutes: [SLOMinute] = []
    package var watchingSince: Date

    package init(watchingSince: Date) { self.watchingSince = watchingSince }

    func probe(_ role: ProbeCheck.Role) -> ProbeView? { self.probes.first { $0.check.role == role } }
}
