import Foundation
import VitalsBase

/// Tells a step of the wall clock (NTP correcting a drifted clock, a VM resumed after hours) from time
/// passing: between two readings the wall clock should advance as much as the monotonic clock.
struct WallClockSteps {
    /// Differences smaller than this are drift and scheduling noise, not a step.
    let tolerance: Duration
    private var last: (wall: Date, monotonic: Duration)?

    init(tolerance: Duration) { self.tolerance = tolerance }

    /// Records a reading; returns the step in seconds (positive: forward) when the wall clock moved that much
    /// more, or less, than the monotonic clock since the last reading.
    mutating func observe(wall: Date, monotonic: Duration) -> TimeInterval? {
        defer { self.last = (wall, monotonic) }
        guard let last else { return nil }
        let step = wall.timeIntervalSince(last.wall) - (monotonic - last.monotonic).inSeconds
        return abs(step) > self.tolerance.inSeconds ? step : nil
    }
}
