package import Foundation

/// A workload's counters as of one scrape, made monotonic across resets, with its gauges: the unit
/// diagnoses read windows from (the increase between two points, as PromQL's `increase`).
package struct SignalPoint: Sendable, Hashable {
    package var at: Date
    package var requests: Double = 0
    package var errors: Double = 0
    package var latency = Histogram()
    package var read: Double = 0
    package var handled: Double = 0
    package var failed: Double = 0
    package var failures: [FailureKey: Double] = [:]
    package var processing = Histogram()
    package var backlog: Double?
    package var oldestAge: Double?
    package var lastRead: Double?
    package var lastProgress: Double?
    package var startTime: Double?

    package init(at: Date) { self.at = at }

    /// Counter increases from `older` to `self`; gauges are `self`'s.
    package func increase(since older: SignalPoint) -> SignalPoint {
        var delta = self
        delta.requests = max(0, self.requests - older.requests)
        delta.errors = max(0, self.errors - older.errors)
        delta.latency = self.latency.subtracting(older.latency)
        delta.read = max(0, self.read - older.read)
        delta.handled = max(0, self.handled - older.handled)
        delta.failed = max(0, self.failed - older.failed)
        delta.failures = self.failures.reduce(into: [:]) { result, entry in
            let increase = entry.value - (older.failures[entry.key] ?? 0)
            if increase > 0 { result[entry.key] = increase }
        }
        delta.processing = self.processing.subtracting(older.processing)
        return delta
    }
}
