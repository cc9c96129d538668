package import Prometheus

/// Every metric Vitals makes has a name and a `# HELP` text (promtool requires one); swift-prometheus takes
/// both as a descriptor, which these spell in one line.
extension PrometheusCollectorRegistry {
    package func counter(_ name: String, labels: [(String, String)] = [], help: String) -> Counter {
        self.makeCounter(descriptor: .init(name, help: help), labels: labels)
    }

    package func gauge(_ name: String, labels: [(String, String)] = [], help: String) -> Gauge {
        self.makeGauge(descriptor: .init(name, help: help), labels: labels)
    }

    package func valueHistogram(_ name: String, labels: [(String, String)] = [], buckets: [Double], help: String) -> ValueHistogram {
        self.makeValueHistogram(descriptor: .init(name, help: help), labels: labels, buckets: buckets)
    }

    package func durationHistogram(_ name: String, labels: [(String, String)] = [], buckets: [Duration], help: String) -> DurationHistogram {
        self.makeDurationHistogram(descriptor: .init(name, help: help), labels: labels, buckets: buckets)
    }
}

extension MetricNameDescriptor {
    /// A whole metric name, unit suffix included, with its help text.
    init(_ name: String, help: String) {
        self.init(metricName: name, unitName: "", helpText: help)
    }
}
