/// One minute of a workload's signals: counter increases within the minute and gauges at its end.
/// Persisted, so SLO windows of up to 30 days and the status page's charts survive restarts.
public struct MinuteRollup: Sendable, Hashable, Codable {
    /// Minutes since the epoch.
    public var minute: Int64
    public var requests: Double = 0
    public var errors: Double = 0
    /// Requests at or below the SLO's latency bound (interpolated within a bucket when no bound matches).
    public var fast: Double = 0
    public var latency = Histogram()
    public var read: Double = 0
    public var handled: Double = 0
    public var failed: Double = 0
    public var backlog: Double?
    public var oldestAge: Double?
    public var startTime: Double?
    /// Scrapes that succeeded and failed within the minute.
    public var scrapes: Int = 0
    public var scrapeFailures: Int = 0

    public init(minute: Int64) { self.minute = minute }

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
