/// The four numbers a minute contributes to SLO windows: compact, so 30 days of minutes (43,200) stay
/// about 1.4 MB per API in memory.
package struct SLOMinute: Sendable, Hashable {
    package var minute: Int64
    package var requests: Double
    package var errors: Double
    /// Requests whose latency was observed, and those at or below the bound.
    package var timed: Double
    package var fast: Double

    package init(minute: Int64, requests: Double, errors: Double, timed: Double, fast: Double) {
        self.minute = minute
        self.requests = requests
        self.errors = errors
        self.timed = timed
        self.fast = fast
    }

    package init(_ rollup: MinuteRollup) {
        self.init(minute: rollup.minute, requests: rollup.requests, errors: rollup.errors, timed: rollup.latency.total, fast: rollup.fast)
    }

    /// The minute of one route with an SLO of its own; a minute without it had no traffic on the route.
    package init(_ rollup: MinuteRollup, route: String) {
        let numbers = rollup.routes?[route] ?? RouteMinute()
        self.init(minute: rollup.minute, requests: numbers.requests, errors: numbers.errors, timed: numbers.timed, fast: numbers.fast)
    }
}
