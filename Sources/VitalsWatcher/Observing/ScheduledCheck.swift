/// A check run on its slots: a probe or a scrape.
package struct ScheduledCheck: Sendable {
    package var id: String
    package var interval: Duration
    /// Runs the check once; never throws (failures are outcomes).
    package var run: @Sendable () async -> Void

    package init(id: String, interval: Duration, run: @escaping @Sendable () async -> Void) {
        self.id = id
        self.interval = interval
        self.run = run
    }
}
