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

    /// `watcher.links` templates, for evidence that names a trace.
    package var traceLink: String?
    package var logsLink: String?

    package init(watchingSince: Date) { self.watchingSince = watchingSince }

    /// `trace 4bf9… on `GET /orders/{id}`, 2.3s`, with the spec's links to the trace and its logs.
    func describe(_ exemplar: TraceExemplar) -> String {
        let links = [("trace", self.traceLink), ("logs", self.logsLink)].compactMap { name, template in
            template.map { "\(name): \($0.replacingOccurrences(of: WatcherSettings.traceIDPlaceholder, with: exemplar.traceID))" }
        }
        return exemplar.description + (links.isEmpty ? "" : " (\(links.joined(separator: ", ")))")
    }

    /// The first probe of `role`: the only one for a workload reached at whole URLs.
    func probe(_ role: ProbeCheck.Role) -> ProbeView? { self.probes.first { $0.check.role == role } }

    /// Every instance's probe of `role`.
    func probes(_ role: ProbeCheck.Role) -> [ProbeView] { self.probes.filter { $0.check.role == role } }

    /// Whether instances are named in evidence: the workload has several, or names them in the spec.
    var namesInstances: Bool { self.instances != [""] }
}
