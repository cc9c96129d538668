import Synchronization
import VitalsBase

/// Batches concurrent writes into one transaction, so a burst of pings shares one fsync — and answers each
/// of them within a deadline, with the truth: stored, or not stored.
///
/// No background task: the first caller to find the queue idle becomes the leader and commits everything
/// queued (including what arrives while it commits) until the queue is empty. Every caller returns only
/// after the transaction holding its item has committed, or with an error.
///
/// Each item has `timeout` from its arrival. A batch's write is cancelled at the earliest deadline of its
/// items, and the leader then waits for the write to end, so the answer says what really happened: a
/// write that committed anyway counts as committed, one that was cancelled is rolled back and fails. An
/// item still queued past its deadline fails without being written. So a locked or stalled database
/// answers ``StoreError/busy(after:)`` in about `timeout`, and a ping refused with 503 is never stored.
final class GroupCommit<Item: Sendable>: Sendable {
    private struct Queued {
        let item: Item
        let waiter: Waiter
        let deadline: AnyClock.Instant
    }

    private struct Queue {
        var items: [Queued] = []
        var committing = false
    }

    private let queue = Mutex(Queue())
    private let timeout: Duration
    private let clock: AnyClock
    private let write: @Sendable ([Item]) async throws -> Void

    /// - Parameters:
    ///   - timeout: how long an item may wait for its commit.
    ///   - write: commits a batch in one transaction; cancellation must roll it back.
    init(timeout: Duration, clock: AnyClock, write: @escaping @Sendable ([Item]) async throws -> Void) {
        self.timeout = timeout
        self.clock = clock
        self.write = write
    }

    func submit(_ item: Item) async throws {
        let waiter = Waiter()
        let queued = Queued(item: item, waiter: waiter, deadline: self.clock.now.advanced(by: self.timeout))
        let leads = self.queue.withLock { queue in
            queue.items.append(queued)
            defer { queue.committing = true }
            return !queue.committing
        }
        if leads { await self.drain() }
        try await waiter.wait()
    }

    private func drain() async {
        while true {
            let batch: [Queued] = self.queue.withLock { queue in
                let batch = queue.items
                queue.items = []
                if batch.isEmpty { queue.committing = false }
                return batch
            }
            if batch.isEmpty { return }
            let now = self.clock.now
            for expired in batch where expired.deadline <= now { expired.waiter.finish(StoreError.busy(after: self.timeout)) }
            let live = batch.filter { $0.deadline > now }
            guard let deadline = live.map(\.deadline).min() else { continue }
            do {
                try await self.writeBefore(deadline, live.map(\.item))
                for queued in live { queued.waiter.finish(nil) }
            } catch {
                for queued in live { queued.waiter.finish(error) }
            }
        }
    }

    /// The write, cancelled at `deadline`; its real outcome either way.
    private func writeBefore(_ deadline: AnyClock.Instant, _ items: [Item]) async throws {
        let (clock, write, timeout) = (self.clock, self.write, self.timeout)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await write(items)
                return true
            }
            group.addTask {
                try? await clock.sleep(until: deadline)
                return false
            }
            if try await group.next() == true {
                group.cancelAll()
                return
            }
            // The deadline came first: cancel the write, then wait for what it did.
            group.cancelAll()
            // Whatever error the cancelled write ends with (cancelled, interrupted), nothing was committed.
            guard (try? await group.next()) == true else { throw StoreError.busy(after: timeout) }
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
