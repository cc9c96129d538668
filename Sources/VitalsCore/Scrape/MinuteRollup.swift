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

    package init(minute: Int64) { self.minute = minute }

    /// Adds the increase of one scrape interval.
    mutating func add(_ delta: SignalPoint, fastBelow: Double?) {
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
    }
}
