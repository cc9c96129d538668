package import Foundation

/// Follows one instance's counter series from scrape to scrape and turns each reading into an increase.
///
/// Counters are followed series by series: a value below the previous one is a reset (the process
/// restarted), and the new value is all increase, as PromQL's `increase` reads it. A series seen for the
/// first time after the first scrape counts in full, so the first 500 of a new route is not lost. Memory is
/// bounded: series unseen for ``forgetAfter`` scrapes are forgotten.
struct CounterTracker: Sendable {
    var forgetAfter = 10
    private var lastRaw: [String: (value: Double, scrape: Int)] = [:]
    private var scrapes = 0

    /// What `reading` adds since the previous one, stamped `time`, with the reading's gauges. The first
    /// reading adds nothing but names its histogram buckets, so the first window has every bound.
    mutating func increase(_ reading: ScrapeReading, at time: Date) -> SignalPoint {
        let first = self.scrapes == 0
        self.scrapes += 1
        var point = SignalPoint(at: time)
        for series in reading.series {
            let previous = self.lastRaw[series.id]?.value
            self.lastRaw[series.id] = (series.value, self.scrapes)
            let increase = first ? 0 : previous.map { series.value >= $0 ? series.value - $0 : series.value } ?? series.value
            guard increase > 0 || first else { continue }
            switch series.counts {
            case .requests(let error):
                point.requests += increase
                if error { point.errors += increase }
                if let route = series.route {
                    var signals = RouteSignals()
                    (signals.requests, signals.errors) = (increase, error ? increase : 0)
                    point.addRoute(route, signals)
                }
            case .latencyBucket(let bound):
                point.latency.add(increase, bound: bound)
                if let route = series.route {
                    var signals = RouteSignals()
                    signals.latency.add(increase, bound: bound)
                    point.addRoute(route, signals)
                }
            case .requestSeconds: point.requestSeconds += increase
            case .dependencyCalls(let key, let failed):
                var signals = DependencySignals()
                (signals.calls, signals.errors) = (increase, failed ? increase : 0)
                point.addDependency(key, signals)
            case .dependencySeconds(let key):
                var signals = DependencySignals()
                signals.seconds = increase
                point.addDependency(key, signals)
            case .dependencyBucket(let key, let bound):
                var signals = DependencySignals()
                signals.latency.add(increase, bound: bound)
                point.addDependency(key, signals)
            case .eventsRead: point.read += increase
            case .eventsHandled(let failed):
                point.handled += increase
                if failed { point.failed += increase }
            case .failure(let key): if increase > 0 { point.failures[key, default: 0] += increase }
            case .processingBucket(let bound): point.processing.add(increase, bound: bound)
            case .processingSeconds: point.processingSeconds += increase
            case .cpuSeconds: point.cpuSeconds += increase
            }
        }
        (point.backlog, point.oldestAge, point.lastRead, point.lastProgress, point.startTime, point.residentMemory) =
            (reading.backlog, reading.oldestAge, reading.lastRead, reading.lastProgress, reading.startTime, reading.residentMemory)
        if self.scrapes % self.forgetAfter == 0 {
            self.lastRaw = self.lastRaw.filter { self.scrapes - $0.value.scrape < self.forgetAfter }
        }
        return point
    }
}
