import Synchronization

/// A clock that moves only when a test moves it: sleepers wake when ``advance(by:)`` passes their
/// deadline, so scheduling is tested without waiting for real time (as swift-otel's `TestClock`).
///
/// ```swift
/// let clock = ManualClock()
/// async let fired = scheduler.run(clock: clock)
/// await clock.waitForSleepers(1)       // the scheduler is asleep
/// clock.advance(by: .seconds(30))      // its slot comes: it runs, and sleeps again
/// ```
public final class ManualClock: Clock, Sendable {
    /// Time since the clock was made.
    public struct Instant: InstantProtocol, CustomStringConvertible {
        /// Offset from the clock's start.
        public var offset: Duration

        /// `offset` from the start.
        public init(offset: Duration) { self.offset = offset }
        /// The instant `duration` later.
        public func advanced(by duration: Duration) -> Instant { Instant(offset: self.offset + duration) }
        /// The time from this instant to `other`.
        public func duration(to other: Instant) -> Duration { other.offset - self.offset }
        /// Earlier instants first.
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        /// The offset, e.g. `30.0 seconds`.
        public var description: String { "\(self.offset)" }
    }

    private struct Sleeper {
        let id: Int
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var nextID = 0
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    /// A clock at offset zero.
    public init() {}

    /// The current instant: moved only by ``advance(by:)``.
    public var now: Instant { self.state.withLock { $0.now } }

    /// One nanosecond: whatever the test asks for.
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Suspends until the clock is advanced to `deadline`; throws `CancellationError` if the task is cancelled first.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = self.state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: Result<Void, any Error>? = self.state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let resume { continuation.resume(with: resume) }
            }
        } onCancel: {
            let sleeper: Sleeper? = self.state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come, earliest first.
    public func advance(by duration: Duration) {
        let woken: [Sleeper] = self.state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// How many tasks are asleep on this clock.
    public var sleeping: Int { self.state.withLock { $0.sleepers.count } }

    /// Returns once at least `count` tasks are asleep on this clock: the point where advancing it is
    /// deterministic. Polls with short yields of real time, never longer than `limit` in all.
    public func waitForSleepers(_ count: Int, limit: Duration = .seconds(10)) async {
        let start = ContinuousClock.now
        while self.sleeping < count, ContinuousClock.now - start < limit {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
