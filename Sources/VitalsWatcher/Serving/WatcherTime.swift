package import Foundation
package import VitalsBase

/// The watcher's two senses of time, injected so tests move them by hand: a clock for every sleep, slot
/// and deadline (monotonic, so a wall-clock step never stops or bunches probes), and the wall time that
/// stamps what is stored and judged (pings, runs, diagnoses).
package struct WatcherTime: Sendable {
    /// Sleeps, slots and deadlines.
    package let clock: AnyClock
    /// Timestamps.
    package let wall: @Sendable () -> Date

    package init(clock: some Clock<Duration>, wall: @escaping @Sendable () -> Date) {
        self.clock = AnyClock(clock)
        self.wall = wall
    }

    /// The process's continuous clock and the system's wall time.
    package static var system: WatcherTime { WatcherTime(clock: ContinuousClock(), wall: Date.init) }
}
