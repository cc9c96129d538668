package import Foundation
import VitalsBase

/// Turns one workload's scrapes into monotonic points and minute rollups.
///
/// Counters are followed series by series: a value below the previous one is a reset (the process
/// restarted), and the new value is all increase, as PromQL's `increase` reads it. A series seen for the
/// first time after the first scrape counts in full, so the first 500 of a new route is not lost. Memory is
/// bounded: series unseen for ``forgetAfter`` scrapes are forgotten, and ``recent`` keeps at most
/// ``recentLimit`` points.
package struct SignalAccumulator: Sendable {
    /// Points kept for windows, newest last.
    package private(set) var recent: [SignalPoint] = []
    /// The minute being filled.
    package private(set) var openMinute: MinuteRollup?
    /// When the last scrape failed (nil after a success), and why.
    package private(set) var lastFailure: (at: Date, reason: String)?
    package private(set) var consecutiveFailures = 0
    /// The profile the last reading used.
    package private(set) var profile: String?

    package var recentLimit = 1024
    package var forgetAfter = 10
    /// Seconds: the SLO's latency bound, for ``MinuteRollup/fast``.
    package var fastBelow: Double?

    private var lastRaw: [String: (value: Double, scrape: Int)] = [:]
    private var scrapes = 0

    package init(fastBelow: Double? = nil) { self.fastBelow = fastBelow }

    package var latest: SignalPoint? { self.recent.last }

    /// Adds a successful scrape at `time`; returns the minutes it closed.
    package mutating func record(_ reading: ScrapeReading, at time: Date) -> [MinuteRollup] {
        let first = self.scrapes == 0
        self.scrapes += 1
        self.profile = reading.profile
        self.lastFailure = nil
        self.consecutiveFailures = 0
        var point = self.latest ?? SignalPoint(at: time)
        point.at = time
        for series in reading.series {
            let previous = self.lastRaw[series.id]?.value
            self.lastRaw[series.id] = (series.value, self.scrapes)
            guard !first else { continue }
            let increase = previous.map { series.value >= $0 ? series.value - $0 : series.value } ?? series.value
            guard increase > 0 else { continue }
            switch series.counts {
            case .requests(let error):
                point.requests += increase
                if error { point.errors += increase }
            case .latencyBucket(let bound): point.latency.add(increase, bound: bound)
            case .eventsRead: point.read += increase
            case .eventsHandled(let failed):
                point.handled += increase
                if failed { point.failed += increase }
            case .failure(let key): point.failures[key, default: 0] += increase
            case .processingBucket(let bound): point.processing.add(increase, bound: bound)
            }
        }
        if first {
            // Bucket bounds known from the start, so the first window's histogram has every bound.
            for series in reading.series {
                if case .latencyBucket(let bound) = series.counts { point.latency.add(0, bound: bound) }
                if case .processingBucket(let bound) = series.counts { point.processing.add(0, bound: bound) }
            }
        }
        (point.backlog, point.oldestAge, point.lastRead, point.lastProgress, point.startTime) =
            (reading.backlog, reading.oldestAge, reading.lastRead, reading.lastProgress, reading.startTime)
        if self.scrapes % self.forgetAfter == 0 {
            self.lastRaw = self.lastRaw.filter { self.scrapes - $0.value.scrape < self.forgetAfter }
        }
        let delta = self.latest.map { point.increase(since: $0) } ?? point
        self.recent.append(point)
        if self.recent.count > self.recentLimit { self.recent.removeFirst(self.recent.count - self.recentLimit) }
        let fastBelow = self.fastBelow
        return self.roll(at: time) {
            $0.scrapes += 1
            $0.add(delta, fastBelow: fastBelow)
        }
    }

    /// Counts a failed scrape; returns the minutes it closed.
    package mutating func recordFailure(_ reason: String, at time: Date) -> [MinuteRollup] {
        self.lastFailure = (time, reason)
        self.consecutiveFailures += 1
        return self.roll(at: time) { $0.scrapeFailures += 1 }
    }

    private mutating func roll(at time: Date, _ update: (inout MinuteRollup) -> Void) -> [MinuteRollup] {
        let minute = Int64((time.timeIntervalSince1970 / 60).rounded(.down))
        var closed: [MinuteRollup] = []
        if let open = self.openMinute, open.minute != minute {
            closed.append(open)
            self.openMinute = nil
        }
        var rollup = self.openMinute ?? MinuteRollup(minute: minute)
        update(&rollup)
        self.openMinute = rollup
        return closed
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
