/// One indicator's requests, bad requests and minutes with traffic over any range of minutes, in
/// O(log n) from prefix sums: burn rates over six windows and a 30-day budget, or 180 points of a
/// chart, without summing 43,200 minutes each time.
package struct SLOTotals: Sendable {
    private let keys: [Int64]
    private let total: [Double], bad: [Double], covered: [Int]

    /// - Parameter minutes: in any order.
    package init(_ minutes: [SLOMinute], indicator: SLOStatus.Indicator) {
        let sorted = minutes.sorted { $0.minute < $1.minute }
        self.keys = sorted.map(\.minute)
        var total = [0.0]
        var bad = [0.0]
        var covered = [0]
        for minute in sorted {
            let (t, b) = indicator.read(minute)
            total.append(total.last! + t)
            bad.append(bad.last! + b)
            covered.append(covered.last! + (t > 0 ? 1 : 0))
        }
        (self.total, self.bad, self.covered) = (total, bad, covered)
    }

    /// Sums over minutes `first...last`.
    package func totals(from first: Int64, to last: Int64) -> (total: Double, bad: Double, covered: Int) {
        let lower = self.index(first)
        let upper = self.index(last + 1)
        return (self.total[upper] - self.total[lower], self.bad[upper] - self.bad[lower], self.covered[upper] - self.covered[lower])
    }

    /// Sums over the `window` ending with minute `now`.
    package func totals(_ window: Duration, endingAt now: Int64) -> (total: Double, bad: Double, covered: Int) {
        self.totals(from: now - Int64(window.components.seconds / 60) + 1, to: now)
    }

    /// Index of the first key ≥ `minute`.
    private func index(_ minute: Int64) -> Int {
        var low = 0
        var high = self.keys.count
        while low < high {
            let middle = (low + high) / 2
            if self.keys[middle] < minute { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension SLOStatus.Indicator {
    /// A minute's requests and bad requests for this indicator: 5xx for availability, slower than the
    /// bound (of those timed) for latency.
    package func read(_ minute: SLOMinute) -> (total: Double, bad: Double) {
        switch self {
        case .availability: (minute.requests, minute.errors)
        case .latency: (minute.timed, max(0, minute.timed - minute.fast))
        }
    }
}

extension ServiceLevelObjective {
    /// The indicators this SLO sets, with their targets: availability, and latency when both its bound
    /// and target are given.
    package var indicators: [(indicator: SLOStatus.Indicator, target: Double)] {
        var indicators: [(SLOStatus.Indicator, Double)] = []
        if let target = self.availability { indicators.append((.availability, target)) }
        if let target = self.latencyTarget, self.latencyBelow != nil { indicators.append((.latency, target)) }
        return indicators
    }
}
