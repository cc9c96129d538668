package import Foundation

/// A change of the version a workload runs, seen in `vitals_build_info`: one event for a rollout, however
/// many instances it reaches.
package struct Deploy: Sendable, Hashable, Codable {
    /// When the first instance was seen running ``to``.
    package var at: Date
    /// The version before; nil when the watcher never saw one (a new instance of an unknown workload).
    package var from: String?
    package var to: String
    /// The instances seen starting ``to`` in this rollout.
    package var instances: Set<String>

    package init(at: Date, from: String?, to: String, instances: Set<String>) {
        self.at = at
        self.from = from
        self.to = to
        self.instances = instances
    }

    /// Instances that start the same version within this time of the first are one rollout.
    static let rollout: TimeInterval = 600
}

/// The versions a workload's instances run, and the deploys that changed them (the newest few).
package struct DeployHistory: Sendable {
    /// The newest last; at most ``limit``.
    package private(set) var deploys: [Deploy] = []
    /// Each instance's version as last scraped.
    package private(set) var versions: [String: String] = [:]
    /// The version recorded last, by any instance: what a new instance replaces when nothing else says.
    private var current: String?
    static let limit = 20

    package init() {}

    /// Notes that `instance` runs `version` at `time`. An instance whose version changed, or a new instance
    /// running another version than the workload's last, is a deploy; a first sight is not one.
    package mutating func record(_ version: String, instance: String, at time: Date) {
        let previous = self.versions[instance]
        self.versions[instance] = version
        defer { self.current = version }
        guard previous != version else { return }
        // What the workload ran before: this instance's version, or, for a new instance (a replaced pod), the
        // last deploy's or the last seen.
        let before = previous ?? self.deploys.last?.to ?? self.current
        guard let before, before != version else { return }
        if var last = self.deploys.last, last.to == version, time.timeIntervalSince(last.at) <= Deploy.rollout {
            last.instances.insert(instance)
            self.deploys[self.deploys.count - 1] = last
            return
        }
        self.deploys.append(Deploy(at: time, from: before, to: version, instances: [instance]))
        if self.deploys.count > Self.limit { self.deploys.removeFirst() }
    }

    /// Forgets the versions of instances that are gone.
    package mutating func keep(instances: Set<String>) {
        self.versions = self.versions.filter { instances.contains($0.key) }
    }

    /// The deploys an earlier run stored with its minute rollups (a rollout seen in several minutes is
    /// stored in each; the last word counts), so evidence and charts keep them across restarts. Versions
    /// come back with the first scrapes: an instance still on the last deploy's version is no new deploy.
    package mutating func restore(_ stored: [Deploy]) {
        var byStart: [Date: Deploy] = [:]
        for deploy in self.deploys + stored { byStart[deploy.at] = deploy }
        self.deploys = Array(byStart.values.sorted { $0.at < $1.at }.suffix(Self.limit))
        self.current = self.deploys.last?.to ?? self.current
    }

    /// The newest deploy at or after `since`.
    package func latest(since: Date) -> Deploy? {
        self.deploys.last.flatMap { $0.at >= since ? $0 : nil }
    }
}
