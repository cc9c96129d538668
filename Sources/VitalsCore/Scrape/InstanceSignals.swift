package import Foundation

/// One instance's scrapes: its counters followed on their own (so two replicas' counters never read as
/// resets of each other), its process start times and its scrape failures.
package struct InstanceSignals: Sendable {
    package private(set) var history = SignalHistory()
    /// When the last scrape failed (nil after a success), and why.
    package private(set) var lastFailure: (at: Date, reason: String)?
    package private(set) var consecutiveFailures = 0
    /// The profile the last reading used.
    package private(set) var profile: String?
    /// When the process start time went back to one seen before: no process restarts into the past, so
    /// the URL answers from several processes (replicas behind a load balancer) and its counters interleave.
    package private(set) var interleavedAt: Date?
    /// The start times seen, newest last (a few).
    package private(set) var startTimes: [Double] = []
    private var tracker = CounterTracker()

    package init() {}

    package var latest: SignalPoint? { self.history.latest }

    /// Adds a successful scrape; returns what it added since the previous one. The instance keeps the
    /// counts of the routes `keepingRoutes` cover (the spec's route rules), not of every route: those are
    /// read on the workload's sum.
    package mutating func record(_ reading: ScrapeReading, at time: Date, keepingRoutes rules: [RouteRule] = []) -> SignalPoint {
        self.profile = reading.profile
        self.lastFailure = nil
        self.consecutiveFailures = 0
        if let start = reading.startTime, start != self.startTimes.last {
            if self.startTimes.contains(start) { self.interleavedAt = time }
            self.startTimes.append(start)
            if self.startTimes.count > 8 { self.startTimes.removeFirst() }
        }
        var increase = self.tracker.increase(reading, at: time)
        var point = self.history.latest ?? SignalPoint(at: time)
        // Dependencies and routes without rules are read on the workload's sum: an instance's own history
        // leaves them out, so a replica costs the watcher its counters, not another copy of every histogram.
        let (routes, dependencies) = (increase.routes, increase.dependencies)
        increase.routes = routes.filter { key, _ in rules.contains { key.matches($0) } }
        increase.dependencies = [:]
        point.accumulate(increase)
        self.history.append(point)
        (increase.routes, increase.dependencies) = (routes, dependencies)
        return increase
    }

    package mutating func recordFailure(_ reason: String, at time: Date) {
        self.lastFailure = (time, reason)
        self.consecutiveFailures += 1
    }
}
