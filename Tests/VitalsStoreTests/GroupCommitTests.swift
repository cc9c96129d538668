import Synchronization
import Testing
import VitalsBase
import VitalsTesting

@testable import VitalsStore

@Suite struct GroupCommitTests {
    final class Log: Sendable {
        let batches = Mutex<[[Int]]>([])
    }

    @Test func concurrentWritesShareTransactionsAndAllReturnAfterCommit() async throws {
        let log = Log()
        let commit = GroupCommit<Int>(timeout: .seconds(60), clock: AnyClock(ContinuousClock())) { batch in
            try await Task.sleep(for: .milliseconds(5))  // an fsync's worth of time for others to queue up
            log.batches.withLock { $0.append(batch) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for item in 0..<200 {
                group.addTask {
                    try await commit.submit(item)
                    // Returning means committed: the item is in a recorded batch already.
                    #expect(log.batches.withLock { $0.contains { $0.contains(item) } })
                }
            }
            try await group.waitForAll()
        }
        let batches = log.batches.withLock { $0 }
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<200), "every item exactly once")
        #expect(batches.count < 200, "batched: \(batches.count) transactions for 200 items")
    }

    @Test func aFailedTransactionFailsEveryItemInIt() async {
        struct DiskFull: Error {}
        let commit = GroupCommit<Int>(timeout: .seconds(60), clock: AnyClock(ContinuousClock())) { _ in throw DiskFull() }
        await #expect(throws: DiskFull.self) { try await commit.submit(1) }
        await #expect(throws: DiskFull.self) { try await commit.submit(2) }
    }

    /// A store that does not commit in time (a lock held by another process, a stalled disk) answers "busy"
    /// at the deadline, and what it answered busy for is never written afterwards.
    @Test func aWriteStuckPastTheDeadlineIsCancelledAndNotStored() async throws {
        let clock = ManualClock()
        let log = Log()
        let commit = GroupCommit<Int>(timeout: .seconds(2), clock: AnyClock(clock)) { batch in
            // Stands for a transaction waiting on a lock: it ends only when cancelled (rolled back).
            try await clock.sleep(for: .seconds(3600))
            log.batches.withLock { $0.append(batch) }
        }
        async let first: Void = commit.submit(1)
        await clock.waitForSleepers(2)  // the write, and the deadline
        clock.advance(by: .seconds(2))
        var refused = false
        do { try await first } catch is StoreError { refused = true }
        #expect(refused, "busy at the deadline")
        #expect(log.batches.withLock { $0 }.isEmpty, "answered busy, so never stored")
    }

    /// A write that commits although its deadline passed (the commit was already under way) is reported as
    /// committed: the answer tells what happened, not what the timer thought.
    @Test func aWriteThatCommitsAfterTheDeadlineIsReportedCommitted() async throws {
        let clock = ManualClock()
        let log = Log()
        let commit = GroupCommit<Int>(timeout: .seconds(2), clock: AnyClock(clock)) { batch in
            // Ignores cancellation, as an fsync in progress does.
            try? await clock.sleep(for: .seconds(3))
            log.batches.withLock { $0.append(batch) }
        }
        async let first: Void = commit.submit(7)
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(2))  // the deadline: the write is cancelled, and its sleep ends at once
        try await first
        #expect(log.batches.withLock { $0 } == [[7]])
    }
}
