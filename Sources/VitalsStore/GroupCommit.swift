import Synchronization

/// Batches concurrent writes into one transaction, so a burst of pings shares one fsync.
///
/// No background task: the first caller to find the queue idle becomes the leader and commits
/// everything queued (including what arrives while it commits) until the queue is empty. Every
/// caller returns only after the transaction holding its item has committed, or with its error.
final class GroupCommit<Item: Sendable>: Sendable {
    private struct Queue {
        var items: [(Item, Waiter)] = []
        var committing = false
    }

    private let queue = Mutex(Queue())
    private let write: @Sendable ([Item]) async throws -> Void

    /// - Parameter write: commits a batch in one transaction.
    init(write: @escaping @Sendable ([Item]) async throws -> Void) { self.write = write }

    func submit(_ item: Item) async throws {
        let waiter = Waiter()
        let leads = self.queue.withLock { queue in
            queue.items.append((item, waiter))
            defer { queue.committing = true }
            return !queue.committing
        }
        if leads { await self.drain() }
        try await waiter.wait()
    }

    private func drain() async {
        while true {
            let batch: [(Item, Waiter)] = self.queue.withLock { queue in
                let batch = queue.items
                queue.items = []
                if batch.isEmpty { queue.committing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try await self.write(batch.map(\.0))
                for (_, waiter) in batch { waiter.finish(nil) }
            } catch {
                for (_, waiter) in batch { waiter.finish(error) }
            }
        }
    }
}

/// One caller's wait for its batch: resolved once, awaited once.
final class Waiter: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Void, any Error>?)
        case done((any Error)?)
    }

    private let state = Mutex(State.waiting(nil))

    func finish(_ error: (any Error)?) {
        let continuation: CheckedContinuation<Void, any Error>? = self.state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done(error)
            return continuation
        }
        if let continuation {
            if let error { continuation.resume(throwing: error) } else { continuation.resume() }
        }
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: (any Error)?? = self.state.withLock { state in
                if case .done(let error) = state { return .some(error) }
                state = .waiting(continuation)
                return .none
            }
            if case .some(let error) = outcome {
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }
        }
    }
}
