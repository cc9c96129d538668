import Foundation
import Logging
import Prometheus
package import ServiceLifecycle
import Synchronization
import VitalsCore
import VitalsSignals

/// Starts every check on its slot (``ProbeSlots``), with at most `concurrency` running at once.
///
/// A check whose previous run is still going is skipped for that slot and counted, never queued: a target
/// that accepts connections and never answers holds one slot per check (until its deadline), not the
/// scheduler. Start lag (how late a check started against its slot) is measured for every run.
package final class CheckScheduler: Service, Sendable {
    let checks: [ScheduledCheck]
    let limiter: ConcurrencyLimiter
    let metrics: WatcherMetrics
    let logger: Logger
    private let running = Mutex<Set<String>>([])

    init(checks: [ScheduledCheck], concurrency: Int, metrics: WatcherMetrics, logger: Logger) {
        self.checks = checks
        self.limiter = ConcurrencyLimiter(limit: concurrency)
        self.metrics = metrics
        self.logger = logger
    }

    package func run() async throws {
        guard !self.checks.isEmpty else { return try await gracefulShutdown() }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                var queue = MinHeap<(due: Date, index: Int)> { $0.due < $1.due }
                let now = Date()
                for (index, check) in self.checks.enumerated() {
                    queue.push((ProbeSlots.next(for: check.id, interval: check.interval, after: now), index))
                }
                while !Task.isCancelled, let (due, index) = queue.pop() {
                    let wait = due.timeIntervalSinceNow
                    if wait > 0 { try? await Task.sleep(for: .nanoseconds(Int64(wait * 1e9)), tolerance: .milliseconds(5)) }
                    guard !Task.isCancelled else { break }
                    let check = self.checks[index]
                    queue.push((ProbeSlots.next(for: check.id, interval: check.interval, after: due), index))
                    guard self.running.withLock({ $0.insert(check.id).inserted }) else {
                        self.metrics.checksSkipped.increment()
                        continue
                    }
                    await self.limiter.acquire()
                    self.metrics.checkStartLag.record(max(0, -due.timeIntervalSinceNow))
                    group.addTask {
                        await check.run()
                        self.running.withLock { _ = $0.remove(check.id) }
                        self.limiter.release()
                    }
                }
            }
        }
    }
}
