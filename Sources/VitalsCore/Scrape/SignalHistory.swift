package import Foundation
import VitalsBase

/// Recent monotonic points of one instance or one workload, newest last, and the windows diagnoses read
/// from them. Bounded: at most ``limit`` points.
package struct SignalHistory: Sendable {
    package private(set) var recent: [SignalPoint] = []
    package var limit = 1024

    package init() {}

    package var latest: SignalPoint? { self.recent.last }

    mutating func append(_ point: SignalPoint) {
        self.recent.append(point)
        if self.recent.count > self.limit { self.recent.removeFirst(self.recent.count - self.limit) }
    }

    /// The increase over the last `duration` ending at the latest point, and how many seconds it really
    /// covers (less than `duration` while history is short). Nil with fewer than two points.
    package func window(_ duration: Duration) -> (delta: SignalPoint, covers: Double)? {
        guard let latest = self.latest, self.recent.count >= 2 else { return nil }
        let start = latest.at.addingTimeInterval(-duration.inSeconds)
        let older = self.recent.last { $0.at <= start } ?? self.recent[0]
        guard older.at < latest.at else { return nil }
        return (latest.increase(since: older), latest.at.timeIntervalSince(older.at))
    }

    /// The points within the last `duration`, oldest first.
    package func points(within duration: Duration) -> ArraySlice<SignalPoint> {
        guard let latest = self.latest else { return [] }
        let start = latest.at.addingTimeInterval(-duration.inSeconds)
        let index = self.recent.firstIndex { $0.at >= start } ?? self.recent.endIndex
        return self.recent[index...]
    }
}
