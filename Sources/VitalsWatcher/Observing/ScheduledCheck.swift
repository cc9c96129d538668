/// A check run on its slots: a probe or a scrape.
public struct ScheduledCheck: Sendable {
    public var id: String
    public var interval: Duration
    /// Runs the check once; never throws (failures are outcomes).
    public var run: @Sendable () async -> Void

    public init(id: String, interval: Duration, run: @escaping @Sendable () async -> Void) {
        self.id = id
        self.interval = interval
        self.run = run
    }
}
