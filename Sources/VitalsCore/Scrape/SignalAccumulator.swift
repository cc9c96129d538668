package import Foundation

/// A workload's signals: the sum of what its instances' scrapes added, as monotonic points for windows
/// and as minute rollups for SLOs and charts.
package struct SignalAccumulator: Sendable {
    package private(set) var history = SignalHistory()
    /// The minute being filled.
    package private(set) var openMinute: MinuteRollup?
    /// Seconds: the SLO's latency bound, for ``MinuteRollup/fast``.
    package var fastBelow: Double?
    /// Routes with an SLO of their own: their minutes are kept in ``MinuteRollup/routes``.
    package var sloRoutes: [RouteRule] = []

    package init(fastBelow: Double? = nil, sloRoutes: [RouteRule] = []) {
        self.fastBelow = fastBelow
        self.sloRoutes = sloRoutes
    }

    package var latest: SignalPoint? { self.history.latest }
    package var recent: [SignalPoint] { self.history.recent }

    /// Adds what one instance's scrape added, with the workload's gauges as of now; returns the minutes
    /// it closed.
    package mutating func add(_ increase: SignalPoint, at time: Date) -> [MinuteRollup] {
        var point = self.history.latest ?? SignalPoint(at: time)
        point.accumulate(increase)
        point.at = time
        self.history.append(point)
        let (fastBelow, sloRoutes) = (self.fastBelow, self.sloRoutes)
        return self.roll(at: time) {
            $0.scrapes += 1
            $0.add(increase, fastBelow: fastBelow, sloRoutes: sloRoutes)
        }
    }

    /// Notes `deploy` (new, or reaching one more instance) in the minute of `time`; returns the minutes it closed.
    package mutating func mark(_ deploy: Deploy, at time: Date) -> [MinuteRollup] {
        self.roll(at: time) { rollup in
            var deploys = rollup.deploys ?? []
            deploys.removeAll { $0.at == deploy.at }
            deploys.append(deploy)
            rollup.deploys = deploys
        }
    }

    /// Counts a failed scrape; returns the minutes it closed.
    package mutating func recordFailure(at time: Date) -> [MinuteRollup] {
        self.roll(at: time) { $0.scrapeFailures += 1 }
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

    /// See ``SignalHistory/window(_:)``.
    package func window(_ duration: Duration) -> (delta: SignalPoint, covers: Double)? { self.history.window(duration) }

    /// See ``SignalHistory/points(within:)``.
    package func points(within duration: Duration) -> ArraySlice<SignalPoint> { self.history.points(within: duration) }
}
