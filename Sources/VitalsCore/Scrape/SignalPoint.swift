package import Foundation

/// A workload's counters as of one scrape, made monotonic across resets, with its gauges: the unit
/// diagnoses read windows from (the increase between two points, as PromQL's `increase`).
///
/// The same type carries an increase (counters that grew since the previous point, gauges as of now):
/// what one instance's scrape adds to its workload.
package struct SignalPoint: Sendable, Hashable {
    /// Endpoints followed one by one; more are counted under ``RouteKey/other``.
    package static let routeLimit = 100
    /// Dependency operations followed one by one; more are counted under ``DependencyKey/other``.
    package static let dependencyLimit = 20

    package var at: Date
    package var requests: Double = 0
    package var errors: Double = 0
    package var latency = Histogram()
    /// Requests, errors and latency by endpoint (probe and metrics routes excluded, as from the totals).
    package var routes: [RouteKey: RouteSignals] = [:]
    /// Seconds spent answering the requests counted (the latency histogram's `_sum`): what a dependency's
    /// share of request time is measured against.
    package var requestSeconds: Double = 0
    /// Calls to dependencies, by dependency and operation.
    package var dependencies: [DependencyKey: DependencySignals] = [:]
    package var read: Double = 0
    package var handled: Double = 0
    package var failed: Double = 0
    package var failures: [FailureKey: Double] = [:]
    package var processing = Histogram()
    /// Seconds spent processing events (the processing histogram's `_sum`).
    package var processingSeconds: Double = 0
    /// CPU seconds used by the process (`process_cpu_seconds_total`).
    package var cpuSeconds: Double = 0
    package var backlog: Double?
    package var oldestAge: Double?
    package var lastRead: Double?
    package var lastProgress: Double?
    package var startTime: Double?
    /// Bytes (`process_resident_memory_bytes`).
    package var residentMemory: Double?

    package init(at: Date) { self.at = at }

    /// Counter increases from `older` to `self`; gauges are `self`'s.
    package func increase(since older: SignalPoint) -> SignalPoint {
        var delta = self
        delta.requests = max(0, self.requests - older.requests)
        delta.errors = max(0, self.errors - older.errors)
        delta.latency = self.latency.subtracting(older.latency)
        for (key, signals) in self.routes { delta.routes[key] = signals.increase(since: older.routes[key]) }
        delta.requestSeconds = max(0, self.requestSeconds - older.requestSeconds)
        for (key, signals) in self.dependencies { delta.dependencies[key] = signals.increase(since: older.dependencies[key]) }
        delta.read = max(0, self.read - older.read)
        delta.handled = max(0, self.handled - older.handled)
        delta.failed = max(0, self.failed - older.failed)
        delta.failures = self.failures.reduce(into: [:]) { result, entry in
            let increase = entry.value - (older.failures[entry.key] ?? 0)
            if increase > 0 { result[entry.key] = increase }
        }
        delta.processing = self.processing.subtracting(older.processing)
        delta.processingSeconds = max(0, self.processingSeconds - older.processingSeconds)
        delta.cpuSeconds = max(0, self.cpuSeconds - older.cpuSeconds)
        return delta
    }

    /// Adds the counters of `increase` and takes its gauges and time.
    package mutating func accumulate(_ increase: SignalPoint) {
        self.at = increase.at
        self.requests += increase.requests
        self.errors += increase.errors
        self.latency = self.latency.adding(increase.latency)
        for (key, signals) in increase.routes { self.addRoute(key, signals) }
        self.requestSeconds += increase.requestSeconds
        for (key, signals) in increase.dependencies { self.addDependency(key, signals) }
        self.read += increase.read
        self.handled += increase.handled
        self.failed += increase.failed
        for (key, count) in increase.failures { self.failures[key, default: 0] += count }
        self.processing = self.processing.adding(increase.processing)
        self.processingSeconds += increase.processingSeconds
        self.cpuSeconds += increase.cpuSeconds
        (self.backlog, self.oldestAge, self.lastRead, self.lastProgress, self.startTime, self.residentMemory) =
            (increase.backlog, increase.oldestAge, increase.lastRead, increase.lastProgress, increase.startTime, increase.residentMemory)
    }

    /// Adds to one endpoint, or to ``RouteKey/other`` once ``routeLimit`` endpoints are followed.
    package mutating func addRoute(_ key: RouteKey, _ signals: RouteSignals) {
        Self.fold(signals, under: key, into: &self.routes, limit: Self.routeLimit, other: .other)
    }

    /// Adds to one dependency operation, or to ``DependencyKey/other`` once ``dependencyLimit`` are followed.
    package mutating func addDependency(_ key: DependencyKey, _ signals: DependencySignals) {
        Self.fold(signals, under: key, into: &self.dependencies, limit: Self.dependencyLimit, other: .other)
    }

    /// Adds `signals` under `key`, or under `other` once `limit` keys are followed. `other` is not counted
    /// among them, so exactly `limit` are followed whatever order a reading's keys are walked in.
    private static func fold<Key: Hashable, Value: FoldedSignals>(
        _ signals: Value,
        under key: Key,
        into map: inout [Key: Value],
        limit: Int,
        other: Key
    ) {
        let followed = map.count - (map[other] == nil ? 0 : 1)
        let key = key == other || map[key] != nil || followed < limit ? key : other
        map[key, default: Value()].add(signals)
    }
}

/// Signals kept by key up to a cap, the rest summed under one key: routes, dependency operations.
protocol FoldedSignals {
    init()
    mutating func add(_ other: Self)
}

extension RouteSignals: FoldedSignals {}
extension DependencySignals: FoldedSignals {}
