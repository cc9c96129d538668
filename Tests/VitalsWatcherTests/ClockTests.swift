import Foundation
import Prometheus
import Synchronization
import Testing
import VitalsBase
import VitalsTesting

@testable import VitalsWatcher

/// The watcher's schedules on a manual clock (issue 13, "time and lifecycle"): probe slots, and wall-clock
/// steps that must neither stop probes nor bunch them.
@Suite struct ClockTests {
    final class Runs: Sendable {
        let counts = Mutex<[String: Int]>([:])
        func add(_ id: String) { self.counts.withLock { $0[id, default: 0] += 1 } }
        var all: [String: Int] { self.counts.withLock { $0 } }
    }

    final class Wall: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        func step(by seconds: TimeInterval) { self.now.withLock { $0.addTimeInterval(seconds) } }
    }

    /// Waits (real time, briefly) until `condition` holds: the scheduler's checks run in tasks of their own.
    func eventually(_ condition: () -> Bool) async {
        for _ in 0..<500 where !condition() { try? await Task.sleep(for: .milliseconds(2)) }
    }

    @Test func checksRunOnTheirSlotsAndAWallClockStepChangesNothing() async throws {
        let clock = ManualClock()
        let wall = Wall()
        let runs = Runs()
        let checks = ["a/live", "b/ready"].map { id in ScheduledCheck(id: id, interval: .seconds(10)) { runs.add(id) } }
        let scheduler = CheckScheduler(
            checks: checks,
            concurrency: 8,
            metrics: WatcherMetrics(registry: PrometheusCollectorRegistry()),
            time: WatcherTime(clock: clock, wall: { wall.now.withLock { $0 } }),
            logger: WatcherFixture.quiet
        )
        let running = Task { try await scheduler.run() }
        defer { running.cancel() }

        /// Advances one second at a time, letting the scheduler catch up after each.
        func advance(_ seconds: Int) async {
            for _ in 0..<seconds {
                await clock.waitForSleepers(1)
                clock.advance(by: .seconds(1))
            }
            await clock.waitForSleepers(1)
        }

        await advance(30)
        await self.eventually { runs.all == ["a/live": 3, "b/ready": 3] }
        #expect(runs.all == ["a/live": 3, "b/ready": 3], "every 10 s on the slot, each")

        wall.step(by: -3600)  // NTP sets the clock back an hour
        await advance(30)
        await self.eventually { runs.all == ["a/live": 6, "b/ready": 6] }
        #expect(runs.all == ["a/live": 6, "b/ready": 6], "a wall clock set back does not stop probes")

        wall.step(by: 7200)  // and forward two
        await advance(10)
        await self.eventually { runs.all == ["a/live": 7, "b/ready": 7] }
        #expect(runs.all == ["a/live": 7, "b/ready": 7], "nor does one set forward fire a burst")
    }

    @Test func aStepIsToldFromTimePassing() {
        var steps = WallClockSteps(tolerance: .seconds(5))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(steps.observe(wall: start, monotonic: .seconds(100)) == nil, "the first reading sets the reference")
        #expect(steps.observe(wall: start.addingTimeInterval(5), monotonic: .seconds(105)) == nil, "time passing")
        #expect(steps.observe(wall: start.addingTimeInterval(11), monotonic: .seconds(110)) == nil, "a second of drift")
        #expect(steps.observe(wall: start.addingTimeInterval(3616), monotonic: .seconds(115)) == 3600, "an hour forward")
        #expect(steps.observe(wall: start.addingTimeInterval(21), monotonic: .seconds(120)) == -3600, "and back")
    }
}
