import Synchronization

/// One deadline over a whole exchange — connect, headers and body — so a peer that accepts and then stalls
/// fails at the deadline like one that never answers. Every outbound exchange of Vitals goes through here.
package enum Deadline {
    /// The deadline passed before the work finished.
    package struct Exceeded: Error, CustomStringConvertible {
        package init() {}
        package var description: String { "deadline exceeded" }
    }

    /// Runs `operation`, cancelling it when `timeout` has passed on `clock`; throws ``Exceeded`` then. For
    /// work that honours cancellation (NIO, AsyncHTTPClient, PostgresNIO): the group waits for it to unwind.
    package static func within<T: Sendable>(
        _ timeout: Duration,
        clock: some Clock<Duration> = ContinuousClock(),
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await clock.sleep(for: timeout)
                throw Exceeded()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    /// What ``run(_:_:)`` saw first.
    package enum Outcome: Sendable {
        case finished
        case failed(any Error)
        case timedOut
    }

    /// Runs `work` with a deadline that holds even when the work ignores cancellation — a user's health
    /// check or backlog provider blocked in a socket read. A task group would wait for such a child; here
    /// the caller is resumed by whichever comes first, the work or the timer, and the work is cancelled and
    /// left to end on its own. The one place Vitals starts unstructured tasks, for that reason.
    package static func run(_ timeout: Duration, _ work: @escaping @Sendable () async throws -> Void) async -> Outcome {
        let resumed = Mutex(false)
        return await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let resumeOnce: @Sendable (Outcome) -> Void = { outcome in
                let first = resumed.withLock { resumed in
                    defer { resumed = true }
                    return !resumed
                }
                if first { continuation.resume(returning: outcome) }
            }
            let worker = Task {
                do {
                    try await work()
                    resumeOnce(.finished)
                } catch {
                    resumeOnce(.failed(error))
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                resumeOnce(.timedOut)
                worker.cancel()
            }
        }
    }
}
