package import Foundation

/// One observation a service's latency histogram pointed at with an OpenMetrics exemplar: a request that
/// can be opened as a trace. Kept so evidence can name the slowest or a failed request by its trace.
package struct TraceExemplar: Sendable, Hashable {
    package var traceID: String
    /// Seconds the request took.
    package var seconds: Double
    /// The endpoint, when the series names one.
    package var route: RouteKey?
    /// Whether the series was a 5xx answer's.
    package var failed: Bool
    /// When the watcher first read it (exemplars stay in an exposition until replaced).
    package var seen: Date

    /// The label names that carry a trace id: the OpenTelemetry convention, then what some clients write.
    static let traceLabels = ["trace_id", "traceID", "TraceID", "trace-id"]

    /// The exemplar of `sample`, if it has one with a trace id that is 1 to 64 hex digits and a finite value.
    init?(_ sample: Sample, route: RouteKey?, failed: Bool) {
        guard let exemplar = sample.exemplar, exemplar.value.isFinite, exemplar.value >= 0,
            let id = Self.traceLabels.lazy.compactMap({ name in exemplar.labels.first { $0.name == name }?.value }).first,
            (1...64).contains(id.utf8.count), id.utf8.allSatisfy({ $0 < 128 && Character(UnicodeScalar($0)).isHexDigit })
        else { return nil }
        (self.traceID, self.seconds, self.route, self.failed, self.seen) = (id.lowercased(), exemplar.value, route, failed, .distantPast)
    }

    /// `trace 4bf92f3577b34da6a3ce929d0e0e4736 on `GET /orders/{id}`, 2.3s`.
    package var description: String {
        "trace \(self.traceID)\(self.route.map { " on `\($0)`" } ?? ""), \(Evidence.duration(seconds: self.seconds))"
    }
}

/// The exemplars a workload's scrapes carried recently, newest last; each trace once.
package struct ExemplarLog: Sendable {
    package private(set) var recent: [TraceExemplar] = []
    static let limit = 64

    package init() {}

    /// Adds what a scrape at `time` carried; an exemplar seen before keeps its first sight.
    mutating func add(_ exemplars: [TraceExemplar], at time: Date) {
        for var exemplar in exemplars where !self.recent.contains(where: { $0.traceID == exemplar.traceID }) {
            exemplar.seen = time
            self.recent.append(exemplar)
        }
        if self.recent.count > Self.limit { self.recent.removeFirst(self.recent.count - Self.limit) }
    }

    /// The slowest request first seen at or after `since`, of the failed ones when `failed`.
    package func slowest(since: Date, failed: Bool = false) -> TraceExemplar? {
        self.recent.filter { $0.seen >= since && (!failed || $0.failed) }.max { $0.seconds < $1.seconds }
    }
}
