import VitalsBase

/// One minute of a workload's signals: counter increases within the minute and gauges at its end.
/// Persisted, so SLO windows of up to 30 days and the status page's charts survive restarts.
package struct MinuteRollup: Sendable, Hashable, Codable {
    /// Minutes since the epoch.
    package var minute: Int64
    package var requests: Double = 0
    package var errors: Double = 0
    /// Requests at or below the SLO's latency bound (interpolated within a bucket when no bound matches).
    package var fast: Double = 0
    package var latency = Histogram()
    package var read: Double = 0
    package var handled: Double = 0
    package var failed: Double = 0
    package var backlog: Double?
    package var oldestAge: Double?
    package var startTime: Double?
    /// Scrapes that succeeded and failed within the minute.
    package var scrapes: Int = 0
    package var scrapeFailures: Int = 0
    /// SLO numbers of the routes with an SLO of their own, by route key (`POST /orders`); nil in minutes
    /// stored before routes had SLOs, and when none has.
    package var routes: [String: RouteMinute]?
    /// Deploys seen (or reaching more instances) within the minute: what charts mark and a restarted
    /// watcher remembers; nil in minutes without one and in minutes stored before deploys were kept.
    package var deploys: [Deploy]?

    package init(minute: Int64) { self.minute = minute }

    /// Adds the increase of one scrape interval.
    mutating func add(_ delta: SignalPoint, fastBelow: Double?, sloRoutes: [RouteRule]) {
        self.requests += delta.requests
        self.errors += delta.errors
        if let fastBelow { self.fast += delta.latency.count(atOrBelow: fastBelow).count }
        self.latency = self.latency.adding(delta.latency)
        self.read += delta.read
        self.handled += delta.handled
        self.failed += delta.failed
        self.backlog = delta.backlog ?? self.backlog
        self.oldestAge = delta.oldestAge ?? self.oldestAge
        self.startTime = delta.startTime ?? self.startTime
        for rule in sloRoutes {
            var minute = self.routes?[rule.key] ?? RouteMinute()
            for (key, signals) in delta.routes where key.matches(rule) {
                minute.requests += signals.requests
                minute.errors += signals.errors
                minute.timed += signals.latency.total
                if let bound = rule.slo?.latencyBelow { minute.fast += signals.latency.count(atOrBelow: bound.inSeconds).count }
            }
            self.routes = (self.routes ?? [:]).merging([rule.key: minute]) { $1 }
        }
    }
}

/// One route's SLO numbers within a minute.
package struct RouteMinute: Sendable, Hashable, Codable {
    package var requests: Double = 0
    package var errors: Double = 0
    /// Requests whose latency was observed, and those at or below the route SLO's bound.
    package var timed: Double = 0
    package var fast: Double = 0

    package init() {}
}
