import Synchronization
import Testing

@testable import VitalsStore

@Suite struct GroupCommitTests {
    final class Log: Sendable {
        let batches = Mutex<[[Int]]>([])
    }

    @Test func concurrentWritesShareTransactionsAndAllReturnAfterCommit() async throws {
        let log = Log()
        let commit = GroupCommit<Int> { batch in
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
        let commit = GroupCommit<Int> { _ in throw DiskFull() }
        await #expect(throws: DiskFull.self) { try await commit.submit(1) }
        await #expect(throws: DiskFull.self) { try await commit.submit(2) }
    }
}
