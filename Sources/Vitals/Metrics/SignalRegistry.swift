public import Instrumentation
public import Prometheus
import ServiceContextModule
import Synchronization
import VitalsBase
import VitalsSignals

/// Where Vitals records its signals: a swift-prometheus registry, with label caps and scrape-time samplers.
///
/// One registry per process is usual (``Vitals/bootstrap(configuration:)`` makes it); tests make their own.
///
/// ```swift
/// let signals = SignalRegistry()
/// let text = await signals.exposition()   // what `/metrics` serves
/// ```
public final class SignalRegistry: Sendable {
    /// The swift-prometheus registry behind it; swift-metrics is bootstrapped onto the same one.
    public let prometheus: PrometheusCollectorRegistry
    /// The label caps in force.
    public let limits: LabelLimits

    /// How long the samplers may take together at each scrape; past it the exposition goes out with what
    /// they had set (a backlog sampler past its own deadline has set NaN), so `/metrics` answers well within
    /// common scrape timeouts whatever a sampler waits on. Default 500 ms.
    public let samplerDeadline: Duration

    private let limiter: LabelLimiter
    /// The duration histograms' exemplars, served with OpenMetrics.
    let exemplars = ExemplarBook()
    /// The service's own families by name (``counter(_:help:labels:)`` and its kin), so one name is one signal.
    let declared = Mutex<[String: Signal.Family]>([:])
    /// Help texts for what swift-metrics records (``describe(_:help:)``).
    let helps = Mutex<[String: String]>([:])
    private let samplers = Mutex<[@Sendable () async -> Void]>([])

    /// A registry over `prometheus` (a new one by default) with `limits` on label values; the process's own
    /// signals (start time; CPU, memory and descriptors on Linux) are in it from the start.
    public init(
        prometheus: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        limits: LabelLimits = .default,
        samplerDeadline: Duration = .milliseconds(500)
    ) {
        self.prometheus = prometheus
        self.limits = limits
        self.samplerDeadline = samplerDeadline
        self.limiter = LabelLimiter(limits: limits) { metric, label in
            let family = Signal.Cardinality.overflow
            return prometheus.counter(family.name, labels: [("metric", metric), ("label", label)], help: family.help)
        }
        // Every exposition describes one process, and a start time that keeps changing is how restarts show.
        prometheus.gauge(Signal.Process.startTime.name, help: Signal.Process.startTime.help).set(to: ProcessStart.unixSeconds)
        let process = ProcessMetrics(registry: prometheus)
        self.addSampler { process.sample() }
    }

    /// Registers work to run right before each exposition, e.g. sampling a queue's depth.
    public func addSampler(_ sample: @escaping @Sendable () async -> Void) {
        self.samplers.withLock { $0.append(sample) }
    }

    /// Runs the samplers (for at most ``samplerDeadline``), then renders every metric in `format`: the
    /// Prometheus text format (0.0.4) by default, OpenMetrics 1.0 with the duration histograms' exemplars
    /// when asked (``MetricsFormat/negotiate(accept:)`` reads a scraper's `Accept` header).
    public func exposition(format: MetricsFormat = .prometheusText) async -> [UInt8] {
        let samplers = self.samplers.withLock { $0 }
        _ = await Deadline.run(self.samplerDeadline) {
            await withTaskGroup(of: Void.self) { group in
                for sample in samplers { group.addTask { await sample() } }
            }
        }
        let text = self.prometheus.emitToBuffer()
        return format == .openMetrics ? OpenMetricsText.render(text, exemplars: self.exemplars) : text
    }

    /// `value` of `label` on `metric` after the label cap.
    func admit(_ value: String, label: String, metric: String) -> String {
        self.limiter.admit(value, label: label, metric: metric)
    }

    /// Returns `values` after the label caps, in the family's label order.
    func labels(_ family: Signal.Family, _ values: [String]) -> [(String, String)] {
        precondition(values.count == family.labels.count, "\(family.name) takes labels \(family.labels)")
        return zip(family.labels, values).map { label, value in
            (label, self.limiter.admit(value, label: label, metric: family.name))
        }
    }

    func counter(_ family: Signal.Family, _ values: String...) -> Counter {
        self.prometheus.counter(family.name, labels: self.labels(family, values), help: family.help)
    }

    func gauge(_ family: Signal.Family, _ values: String...) -> Gauge {
        self.prometheus.gauge(family.name, labels: self.labels(family, values), help: family.help)
    }

    func histogram(_ family: Signal.Family, buckets: [Double], _ values: String...) -> ValueHistogram {
        self.prometheus.valueHistogram(
            family.name,
            labels: self.labels(family, values),
            buckets: buckets,
            help: family.help
        )
    }

    /// Records `value` into `family{values}` and, when `context` is a sampled trace that will be exported
    /// (an exemplar must lead to a trace that exists), offers it as the exemplar of its bucket.
    func observe(
        _ family: Signal.Family,
        buckets: [Double],
        _ values: [String],
        value: Double,
        failed: Bool,
        context: ServiceContext?,
        instrument: any Instrument
    ) {
        let labels = self.labels(family, values)
        self.prometheus.valueHistogram(family.name, labels: labels, buckets: buckets, help: family.help).record(value)
        guard let context else { return }
        self.exemplars.offer(name: family.name, labels: labels, buckets: buckets, value: value) {
            Self.exported(context, instrument: instrument, failed: failed, seconds: value)
        }
    }

    /// The trace of `context` when it is sampled and will be exported: all sampled traces, or those a
    /// ``KeepingTracer`` keeps given that the observation `failed` or took `seconds`.
    static func exported(_ context: ServiceContext, instrument: any Instrument, failed: Bool, seconds: Double) -> TraceReference? {
        guard let trace = TraceReference(context, instrument: instrument) else { return nil }
        let keeping = instrument as? any TraceKeepingTracer
        return keeping?.keeps(traceID: trace.traceID, failed: failed, seconds: seconds) == false ? nil : trace
    }
}

extension SignalRegistry {
    /// Publishes what is running as `vitals_build_info{version, revision} 1`; a version that changes between
    /// scrapes is how the watcher sees a deploy. ``Vitals/bootstrap(configuration:environment:)`` calls it
    /// with the configuration's ``Vitals/Configuration/serviceVersion`` and ``Vitals/Configuration/revision``.
    public func recordBuild(version: String, revision: String) {
        self.gauge(Signal.Build.info, version, revision).set(to: 1)
    }

    /// Sets `process_start_time_seconds` (Unix seconds), for a registry that stands for a process started
    /// later than this one: a test's or a demo's restarted instance. The process's own is set already.
    public func recordProcessStart(_ unixSeconds: Double) {
        self.gauge(Signal.Process.startTime).set(to: unixSeconds)
    }
}
