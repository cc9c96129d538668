package import Foundation

/// What the watcher sees of an API or worker from the outside: its probes on every instance, its scraped
/// signals and its SLO minutes. Diagnosers read this and nothing else.
package struct Observation: Sendable {
    package var probes: [ProbeView] = []
    /// Nil when the workload has no `metrics` URL.
    package var signals: WorkloadSignals?
    /// The current instances: `[""]` for a workload reached at whole URLs, the listed ones, or those its
    /// DNS name resolved to last.
    package var instances: [String] = [""]
    /// Why the last DNS lookup of the instances failed; nil when it did not (or there is none).
    package var resolutionFailure: String?
    /// Ascending, the open minute last.
    package var sloMinutes: [SLOMinute] = []
    /// The same, for each route with an SLO of its own, by route key.
    package var routeSLOMinutes: [String: [SLOMinute]] = [:]
    package var watchingSince: Date

    package init(watchingSince: Date) { self.watchingSince = watchingSince }

    /// The first probe of `role`: the only one for a workload reached at whole URLs.
    func probe(_ role: ProbeCheck.Role) -> ProbeView? { self.probes.first { $0.check.role == role } }

    /// Every instance's probe of `role`.
    func probes(_ role: ProbeCheck.Role) -> [ProbeView] { self.probes.filter { $0.check.role == role } }

    /// Whether instances are named in evidence: the workload has several, or names them in the spec.
    var namesInstances: Bool { self.instances != [""] }
}
