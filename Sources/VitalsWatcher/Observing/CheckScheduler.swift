import Foundation
import Logging
import Prometheus
package import ServiceLifecycle
import Synchronization
import VitalsBase
import VitalsCore

/// Starts every check on its slot (``ProbeSlots``), with at most `concurrency` running at once.
///
/// A check whose previous run is still going is skipped for that slot and counted, never queued: a target
/// that accepts connections and never answers holds one slot per check (until its deadline), not the
/// scheduler. Start lag (how late a check started against its slot) is measured for every run.
///
/// Slots are aligned to wall time once, at start (so a check keeps its second of the interval across
/// restarts), and then kept on the monotonic clock: a wall clock stepped back an hour does not stop
/// probes for an hour, and one stepped forward does not fire every slot at once. Slots missed while the
/// process was stalled are skipped and counted, not run back to back.
package final class CheckScheduler: Service, Sendable {
    let checks: [ScheduledCheck]
    let limiter: ConcurrencyLimiter
    let metrics: WatcherMetrics
    let time: WatcherTime
    let logger: Logger
    private let running = Mutex<Set<String>>([])

    init(checks: [ScheduledCheck], concurrency: Int, metrics: WatcherMetrics, time: WatcherTime, logger: Logger) {
        self.checks = checks
        self.limiter = ConcurrencyLimiter(limit: concurrency)
        self.metrics = metrics
        self.time = time
        self.logger = logger
    }

    package func run() async throws {
        guard !self.checks.isEmpty else { return try await gracefulShutdown() }
        let clock = self.time.clock
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                var queue = MinHeap<(due: AnyClock.Instant, index: Int)> { $0.due < $1.due }
                let (start, wall) = (clock.now, self.time.wall())
                for (index, check) in self.checks.enumerated() {
                    let slot = ProbeSlots.next(for: check.id, interval: check.interval, after: wall)
                    queue.push((start.advanced(by: Duration(finiteSeconds: slot.timeIntervalSince(wall)) ?? .zero), index))
                }
                while !Task.isCancelled, let (due, index) = queue.pop() {
                    try? await clock.sleep(until: due)
                    guard !Task.isCancelled else { break }
                    let check = self.checks[index]
                    let now = clock.now
                    queue.push((self.nextSlot(after: due, now: now, interval: check.interval), index))
                    guard self.running.withLock({ $0.insert(check.id).inserted }) else {
                        self.metrics.checksSkipped.increment()
                        continue
                    }
                    await self.limiter.acquire()
                    self.metrics.checkStartLag.record(max(0, due.duration(to: clock.now).inSeconds))
                    group.addTask {
                        await check.run()
                        self.running.withLock { _ = $0.remove(check.id) }
                        self.limiter.release()
                    }
                }
            }
        }
    }

    /// The first slot after `now`, counting the slots between `due` and it as skipped.
    private func nextSlot(after due: AnyClock.Instant, now: AnyClock.Instant, interval: Duration) -> AnyClock.Instant {
        var next = due.advanced(by: interval)
        guard next <= now else { return next }
        let missed = Int((due.duration(to: now) / interval).rounded(.down))
        self.metrics.checksSkipped.increment(by: Int64(missed))
        next = due.advanced(by: interval * missed)
        return next <= now ? next.advanced(by: interval) : next
    }
}
