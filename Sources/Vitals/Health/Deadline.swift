import Synchronization

/// Runs work with a deadline that holds even when the work ignores cancellation.
///
/// A task group would wait for a child blocked in a hung socket read; here the caller is resumed by
/// whichever comes first, the work or the timer, and the work is cancelled and left to end on its own.
enum Deadline {
    enum Outcome: Sendable {
        case finished
        case failed(any Error)
        case timedOut
    }

    static func run(_ timeout: Duration, _ work: @escaping @Sendable () async throws -> Void) async -> Outcome {
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
