/// Cumulative bucket counts by upper bound (seconds), `+Inf` last: a Prometheus histogram summed over
/// its series, or the increase of one over a window.
package struct Histogram: Sendable, Hashable, Codable {
    /// Sorted ascending; the last is `+Inf` when the source had it.
    package private(set) var bounds: [Double] = []
    /// Cumulative counts, aligned with `bounds`.
    package private(set) var counts: [Double] = []

    package init() {}

    package init(bounds: [Double], counts: [Double]) {
        precondition(bounds.count == counts.count)
        let order = bounds.indices.sorted { bounds[$0] < bounds[$1] }
        self.bounds = order.map { bounds[$0] }
        self.counts = order.map { counts[$0] }
    }

    /// Observations in total (the `+Inf` bucket, else the top bucket).
    package var total: Double { self.counts.last ?? 0 }

    /// Adds `value` to the bucket with upper bound `bound`.
    package mutating func add(_ value: Double, bound: Double) {
        if let index = self.bounds.firstIndex(of: bound) {
            self.counts[index] += value
        } else {
            let index = self.bounds.firstIndex { $0 > bound } ?? self.bounds.count
            self.bounds.insert(bound, at: index)
            self.counts.insert(value, at: index)
        }
    }

    /// Bucket-wise `self - older`; bounds missing from `older` count from zero.
    package func subtracting(_ older: Histogram) -> Histogram {
        var result = self
        for index in result.bounds.indices {
            let before = older.bounds.firstIndex(of: result.bounds[index]).map { older.counts[$0] } ?? 0
            result.counts[index] = max(0, result.counts[index] - before)
        }
        return result
    }

    /// Bucket-wise sum.
    package func adding(_ other: Histogram) -> Histogram {
        var result = self
        for (bound, count) in zip(other.bounds, other.counts) { result.add(count, bound: bound) }
        return result
    }

    /// A quantile and whether the buckets limit it.
    package struct Quantile: Sendable, Hashable {
        /// Seconds.
        package var value: Double
        /// The rank fell in the `+Inf` bucket: the value is the top finite bound and the real one may be higher.
        package var limitedByBuckets: Bool
        package init(value: Double, limitedByBuckets: Bool) {
            self.value = value
            self.limitedByBuckets = limitedByBuckets
        }
    }

    /// The `q` quantile interpolated linearly within its bucket, as PromQL's `histogram_quantile` does
    /// (the lowest bucket interpolates from 0). Nil without observations or without a `+Inf` bucket.
    package func quantile(_ q: Double) -> Quantile? {
        guard let last = self.bounds.last, last == .infinity, self.total > 0, self.bounds.count >= 2 else { return nil }
        let rank = q * self.total
        // Prometheus tolerates non-monotonic buckets from racy exporters; so does this (first bucket reaching the rank).
        let index = self.counts.firstIndex { $0 >= rank } ?? (self.counts.count - 1)
        if index == self.bounds.count - 1 {
            return Quantile(value: self.bounds[self.bounds.count - 2], limitedByBuckets: true)
        }
        let upper = self.bounds[index]
        let lower = index == 0 ? min(0, upper) : self.bounds[index - 1]
        let below = index == 0 ? 0 : self.counts[index - 1]
        let inBucket = self.counts[index] - below
        guard inBucket > 0 else { return Quantile(value: upper, limitedByBuckets: false) }
        // Prometheus's order of operations, so the two agree to the last bit.
        return Quantile(value: lower + (upper - lower) * ((rank - below) / inBucket), limitedByBuckets: false)
    }

    /// Observations at or below `threshold` seconds, interpolated within a bucket when no bound equals it;
    /// `exact` says whether a bucket boundary matched.
    package func count(atOrBelow threshold: Double) -> (count: Double, exact: Bool) {
        guard let index = self.bounds.firstIndex(where: { $0 >= threshold }) else { return (self.total, true) }
        if self.bounds[index] == threshold { return (self.counts[index], true) }
        let upper = self.bounds[index]
        let lower = index == 0 ? 0 : self.bounds[index - 1]
        let below = index == 0 ? 0 : self.counts[index - 1]
        guard upper.isFinite, upper > lower else { return (below, false) }
        return (below + (self.counts[index] - below) * (threshold - lower) / (upper - lower), false)
    }
}
