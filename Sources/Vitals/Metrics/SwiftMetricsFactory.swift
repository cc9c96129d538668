import CoreMetrics
import Prometheus
import Synchronization
import VitalsSignals

/// What swift-metrics records onto ``Vitals/signals``: swift-prometheus's factory, with what it leaves out.
///
/// - a `# HELP` on every family (promtool rejects an exposition without one): the text given to
///   ``SignalRegistry/describe(_:help:)``, or one naming the swift-metrics label;
/// - names Prometheus accepts: a swift-metrics label such as `db.query-time` becomes `db_query_time`, and a
///   counter's name ends in `_total` (as OpenTelemetry's Prometheus exporter does);
/// - the label caps of ``LabelLimits`` on every dimension, as on Vitals' own signals.
struct SwiftMetricsFactory: MetricsFactory {
    let signals: SignalRegistry
    let base: PrometheusMetricsFactory

    init(signals: SignalRegistry) {
        self.signals = signals
        self.base = PrometheusMetricsFactory(registry: signals.prometheus)
    }

    private func family(
        _ label: String,
        _ dimensions: [(String, String)],
        counter: Bool = false
    ) -> (name: String, labels: [(String, String)], help: String) {
        var name = Self.sanitised(label)
        if counter, !name.hasSuffix("_total") { name += "_total" }
        let labels = dimensions.map { key, value in
            let key = Self.sanitised(key)
            return (key, self.signals.admit(value, label: key, metric: name))
        }
        return (name, labels, self.signals.help(for: name) ?? "\(label), recorded through swift-metrics.")
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let family = self.family(label, dimensions, counter: true)
        return self.signals.prometheus.counter(family.name, labels: family.labels, help: family.help)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        let family = self.family(label, dimensions, counter: true)
        return self.signals.prometheus.counter(family.name, labels: family.labels, help: family.help)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let family = self.family(label, dimensions)
        guard aggregate else { return self.signals.prometheus.gauge(family.name, labels: family.labels, help: family.help) }
        return self.signals.prometheus.valueHistogram(
            family.name,
            labels: family.labels,
            buckets: self.base.defaultValueHistogramBuckets,
            help: family.help
        )
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        let family = self.family(label, dimensions)
        return self.signals.prometheus.gauge(family.name, labels: family.labels, help: family.help)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let family = self.family(label, dimensions)
        return self.signals.prometheus.durationHistogram(
            family.name,
            labels: family.labels,
            buckets: self.base.defaultDurationHistogramBuckets,
            help: family.help
        )
    }

    func destroyCounter(_ handler: any CounterHandler) { self.base.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { self.base.destroyFloatingPointCounter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { self.base.destroyRecorder(handler) }
    func destroyMeter(_ handler: any MeterHandler) { self.base.destroyMeter(handler) }
    func destroyTimer(_ handler: any TimerHandler) { self.base.destroyTimer(handler) }

    /// `label` with every byte Prometheus does not accept in a name read as `_`.
    static func sanitised(_ label: String) -> String {
        var bytes = label.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"):
                byte
            default: UInt8(ascii: "_")
            }
        }
        if bytes.isEmpty || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[0]) { bytes.insert(UInt8(ascii: "_"), at: 0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension SignalRegistry {
    /// Gives the metric that swift-metrics code records as `name` (after the `.`/`-` → `_` rewrite) its
    /// `# HELP` text. Call it before the first recording; the first text a family is made with stays.
    public func describe(_ name: String, help: String) {
        self.helps.withLock { $0[SwiftMetricsFactory.sanitised(name)] = help }
    }

    func help(for name: String) -> String? { self.helps.withLock { $0[name] } }
}
