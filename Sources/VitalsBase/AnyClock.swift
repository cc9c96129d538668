/// Any clock counting in `Duration`, behind one concrete type: for types that keep their clock (a generic
/// parameter would spread to every owner). Its instants are offsets from when it was made.
package struct AnyClock: Clock {
    /// An offset from the moment the clock was wrapped.
    package struct Instant: InstantProtocol {
        package var offset: Duration

        package func advanced(by duration: Duration) -> Instant { Instant(offset: self.offset + duration) }
        package func duration(to other: Instant) -> Duration { other.offset - self.offset }
        package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration, Duration?) async throws -> Void
    package let minimumResolution: Duration

    /// Wraps `clock`; `now` starts at offset zero.
    package init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        self.elapsed = { start.duration(to: clock.now) }
        self.sleeper = { offset, tolerance in try await clock.sleep(until: start.advanced(by: offset), tolerance: tolerance) }
        self.minimumResolution = clock.minimumResolution
    }

    package var now: Instant { Instant(offset: self.elapsed()) }

    package func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await self.sleeper(deadline.offset, tolerance)
    }
}
