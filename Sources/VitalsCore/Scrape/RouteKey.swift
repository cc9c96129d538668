/// An endpoint as a service's metrics name it: the method (empty when the series has none) and the route
/// template, in one spelling across frameworks (`/orders/{id}`, whatever the service wrote).
package struct RouteKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package var method: String
    package var route: String

    package init(method: String, route: String) {
        self.method = method
        self.route = RouteRule.normalise(route)
    }

    /// Where routes past ``SignalPoint/routeLimit`` are counted: a service with unbounded route labels
    /// (raw paths) costs the watcher a bounded amount of memory.
    package static let other = RouteKey(method: "", route: "other routes")

    /// `POST /orders/{id}`, or `/orders/{id}` without a method.
    package var description: String { self.method.isEmpty ? self.route : "\(self.method) \(self.route)" }

    package static func < (lhs: RouteKey, rhs: RouteKey) -> Bool { (lhs.route, lhs.method) < (rhs.route, rhs.method) }

    /// Whether `rule` (a spec's `routes:` key) covers this endpoint.
    package func matches(_ rule: RouteRule) -> Bool { rule.matches(method: self.method, route: self.route) }
}

/// One endpoint's requests, server errors and latency, counted like the workload's.
package struct RouteSignals: Sendable, Hashable {
    package var requests: Double = 0
    package var errors: Double = 0
    package var latency = Histogram()

    package init() {}

    func increase(since older: RouteSignals?) -> RouteSignals {
        guard let older else { return self }
        var delta = self
        delta.requests = max(0, self.requests - older.requests)
        delta.errors = max(0, self.errors - older.errors)
        delta.latency = self.latency.subtracting(older.latency)
        return delta
    }

    mutating func add(_ other: RouteSignals) {
        self.requests += other.requests
        self.errors += other.errors
        self.latency = self.latency.adding(other.latency)
    }
}
