public import Instrumentation
import Prometheus
public import ServiceContextModule
import Synchronization
public import VitalsSignals

/// Records the HTTP server signals of the contract: the duration histogram (whose `_count` counts
/// requests) by method, route template and status, and requests in flight by method.
///
/// Framework integrations call ``requestStarted(method:)`` and ``requestFinished(_:route:status:seconds:)``;
/// the Hummingbird middleware in `VitalsHummingbird` does so for every request, thrown errors and 404s included.
public final class HTTPServerMetrics: Sendable {
    private struct SeriesKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    /// A request in flight, returned by ``requestStarted(method:)``.
    public struct ActiveRequest: Sendable {
        let method: String
        let gauge: Gauge
    }

    private let signals: SignalRegistry
    private let buckets: [Double]
    private let activeGauges: [Gauge]
    private let otherActiveGauge: Gauge
    /// Handles already resolved, so the hot path is one lock and one hash lookup. Only admitted label
    /// values are cached, so the cache is bounded by the label caps.
    private let series = Mutex<[SeriesKey: Series]>([:])

    /// A resolved histogram and its exemplars.
    private struct Series {
        let histogram: ValueHistogram
        let exemplars: ExemplarSlots
    }

    /// - Parameter buckets: duration buckets in seconds; default ``Signal/HTTP/durationBuckets``.
    public init(signals: SignalRegistry, buckets: [Double] = Signal.HTTP.durationBuckets) {
        self.signals = signals
        self.buckets = buckets
        let family = Signal.HTTP.activeRequests
        self.activeGauges = HTTPMethodLabel.known.map { signals.gauge(family, $0) }
        self.otherActiveGauge = signals.gauge(family, Signal.HTTP.otherMethod)
    }

    /// Counts a request in flight until ``requestFinished(_:route:status:seconds:)``.
    public func requestStarted(method: String) -> ActiveRequest {
        let index = HTTPMethodLabel.index(of: method)
        let gauge = index.map { self.activeGauges[$0] } ?? self.otherActiveGauge
        gauge.increment()
        return ActiveRequest(method: index.map { HTTPMethodLabel.known[$0] } ?? Signal.HTTP.otherMethod, gauge: gauge)
    }

    /// Records a finished request.
    /// - Parameters:
    ///   - route: the route template (`/orders/{id}`), never the raw path; ``Signal/HTTP/unmatchedRoute`` for 404s.
    ///   - status: the status code sent, or the one an error mapped to.
    ///   - context: the request span's context; when its trace is sampled the request may become its
    ///     bucket's exemplar, read through `instrument`'s W3C propagation.
    public func requestFinished(
        _ request: ActiveRequest,
        route: String,
        status: Int,
        seconds: Double,
        context: ServiceContext? = nil,
        instrument: (any Instrument)? = nil
    ) {
        request.gauge.decrement()
        let series = self.series(method: request.method, route: route, status: status)
        series.histogram.record(seconds)
        guard let context, let instrument else { return }
        series.exemplars.offer(seconds) { SignalRegistry.exported(context, instrument: instrument, failed: status >= 500, seconds: seconds) }
    }

    private func series(method: String, route: String, status: Int) -> Series {
        let key = SeriesKey(method: method, route: route, status: status)
        if let cached = self.series.withLock({ $0[key] }) { return cached }
        let labels = self.signals.labels(Signal.HTTP.requestDuration, [method, route, String(status)])
        let histogram = self.signals.prometheus.valueHistogram(
            Signal.HTTP.requestDuration.name,
            labels: labels,
            buckets: self.buckets,
            help: Signal.HTTP.requestDuration.help
        )
        let exemplars = self.signals.exemplars.slots(name: Signal.HTTP.requestDuration.name, labels: labels, buckets: self.buckets)
        let series = Series(histogram: histogram, exemplars: exemplars)
        if !labels.contains(where: { $0.1 == Signal.Cardinality.overflowValue }) {
            self.series.withLock { $0[key] = series }
        }
        return series
    }
}
