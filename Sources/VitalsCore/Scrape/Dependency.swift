/// A dependency call as its metrics name it: the dependency (`server_address`), what kind of thing it is
/// (`db_system_name`, or `http` for outbound HTTP) and the operation (`SELECT`, `POST`).
package struct DependencyKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var name: String
    package var system: String
    package var operation: String

    package init(name: String, system: String, operation: String) {
        self.name = name.isEmpty ? "unnamed" : name
        self.system = system
        self.operation = operation
    }

    /// Where calls past ``SignalPoint/dependencyLimit`` are counted, so a service that puts unbounded
    /// values in these labels costs the watcher a bounded amount of memory.
    package static let other = DependencyKey(name: "other dependencies", system: "", operation: "")

    /// `orders-db (sqlite SELECT)`.
    package var description: String { "\(self.name) (\([self.system, self.operation].filter { !$0.isEmpty }.joined(separator: " ")))" }

    package static func < (lhs: DependencyKey, rhs: DependencyKey) -> Bool {
        (lhs.name, lhs.system, lhs.operation) < (rhs.name, rhs.system, rhs.operation)
    }
}

/// One dependency operation's calls, failures, time spent and latency, counted like requests.
package struct DependencySignals: Sendable, Hashable {
    package var calls: Double = 0
    package var errors: Double = 0
    /// Seconds spent in the calls (the histogram's `_sum`).
    package var seconds: Double = 0
    package var latency = Histogram()

    package init() {}

    func increase(since older: DependencySignals?) -> DependencySignals {
        guard let older else { return self }
        var delta = self
        delta.calls = max(0, self.calls - older.calls)
        delta.errors = max(0, self.errors - older.errors)
        delta.seconds = max(0, self.seconds - older.seconds)
        delta.latency = self.latency.subtracting(older.latency)
        return delta
    }

    package mutating func add(_ other: DependencySignals) {
        self.calls += other.calls
        self.errors += other.errors
        self.seconds += other.seconds
        self.latency = self.latency.adding(other.latency)
    }
}
