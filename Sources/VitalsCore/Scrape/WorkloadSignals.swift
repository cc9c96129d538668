package import Foundation

/// A workload's scraped signals: each instance followed on its own — counters, resets, process start
/// times, scrape failures — and their sum, the workload's, from which ratios, windows and minute rollups
/// are read. A workload with one `metrics` URL has one instance, named `""`.
package struct WorkloadSignals: Sendable {
    /// By instance (`10.0.0.7:8080`, or `""` for a workload scraped at one URL).
    package private(set) var instances: [String: InstanceSignals] = [:]
    /// The sum over instances.
    package private(set) var merged: SignalAccumulator
    /// Requests recent scrapes pointed at with trace ids.
    package private(set) var exemplars = ExemplarLog()
    /// The versions the instances run and the deploys seen.
    package private(set) var deploys = DeployHistory()

    /// Routes with thresholds or an SLO of their own: each instance keeps their counts too, so an instance
    /// is judged, like the workload, on the traffic the workload's thresholds cover.
    package let routeRules: [RouteRule]

    /// - Parameters:
    ///   - fastBelow: seconds, the workload SLO's latency bound.
    ///   - routeRules: the spec's `routes:`.
    package init(fastBelow: Double? = nil, routeRules: [RouteRule] = []) {
        self.routeRules = routeRules
        self.merged = SignalAccumulator(fastBelow: fastBelow, sloRoutes: routeRules.filter { $0.slo != nil })
    }

    /// Adds a successful scrape of `instance`; returns the minutes it closed.
    package mutating func record(_ reading: ScrapeReading, instance: String = "", at time: Date) -> [MinuteRollup] {
        var closed: [MinuteRollup] = []
        if let version = reading.version {
            let before = self.deploys.deploys.last
            self.deploys.record(version, instance: instance, at: time)
            if let after = self.deploys.deploys.last, after != before { closed += self.merged.mark(after, at: time) }
        }
        if !reading.exemplars.isEmpty { self.exemplars.add(reading.exemplars, at: time) }
        var increase = self.instances[instance, default: InstanceSignals()].record(reading, at: time, keepingRoutes: self.routeRules)
        self.mergeGauges(into: &increase)
        return closed + self.merged.add(increase, at: time)
    }

    /// Counts a failed scrape of `instance`; returns the minutes it closed.
    package mutating func recordFailure(_ reason: String, instance: String = "", at time: Date) -> [MinuteRollup] {
        self.instances[instance, default: InstanceSignals()].recordFailure(reason, at: time)
        return self.merged.recordFailure(at: time)
    }

    /// Takes back the deploys stored in an earlier run's minutes.
    package mutating func restoreDeploys(_ rollups: [MinuteRollup]) {
        self.deploys.restore(rollups.flatMap { $0.deploys ?? [] })
    }

    /// Forgets instances that are gone (scaled down, or dropped from DNS): their past counts stay in the
    /// workload's sum, their gauges no longer count.
    package mutating func keep(instances: Set<String>) {
        self.instances = self.instances.filter { instances.contains($0.key) }
        self.deploys.keep(instances: instances)
    }

    /// The workload's gauges from every instance's latest: the largest backlog and oldest age (replicas
    /// consuming one queue each report all of it, so a sum would count it once per replica), the newest
    /// read and progress, the newest start time, the memory of all of them. NaN ("cannot tell") wins.
    private func mergeGauges(into point: inout SignalPoint) {
        let latest = self.instances.values.compactMap(\.latest)
        func combine(_ values: [Double], _ combine: ([Double]) -> Double?) -> Double? {
            guard !values.isEmpty else { return nil }
            return values.contains(where: \.isNaN) ? .nan : combine(values)
        }
        point.backlog = combine(latest.compactMap(\.backlog)) { $0.max() }
        point.oldestAge = combine(latest.compactMap(\.oldestAge)) { $0.max() }
        point.lastRead = latest.compactMap(\.lastRead).max()
        point.lastProgress = latest.compactMap(\.lastProgress).max()
        point.startTime = latest.compactMap(\.startTime).max()
        point.residentMemory = combine(latest.compactMap(\.residentMemory)) { $0.reduce(0, +) }
    }

    // The workload's windows, for diagnoses that read the sum.
    package var latest: SignalPoint? { self.merged.latest }
    package var recent: [SignalPoint] { self.merged.recent }
    package var openMinute: MinuteRollup? { self.merged.openMinute }
    package func window(_ duration: Duration) -> (delta: SignalPoint, covers: Double)? { self.merged.window(duration) }
    package func points(within duration: Duration) -> ArraySlice<SignalPoint> { self.merged.points(within: duration) }

    /// The profile of the instance scraped last.
    package var profile: String? { self.instances.sorted { $0.key < $1.key }.lazy.compactMap(\.value.profile).first }

    /// The instance of a one-URL workload: its failures, for the status page and evidence.
    package var single: InstanceSignals? { self.instances.count == 1 ? self.instances.first?.value : nil }
}
