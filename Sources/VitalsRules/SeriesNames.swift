import Foundation
import VitalsCore
import VitalsSignals

/// The PromQL series a workload's diagnoses read, named as its metric profile names them, selected by
/// the scrape job the generated scrape config gives it (`job="<workload>"`).
struct SeriesNames {
    let workload: Workload
    let profile: MetricProfile

    /// `{job="orders-api"}`, extended with `extra` matchers.
    func selector(_ extra: String = "") -> String {
        "{job=\"\(self.workload.name)\"\(extra.isEmpty ? "" : ", " + extra)}"
    }

    /// Status codes and classes that count as server errors: `500`, `503`, `5xx`.
    var serverErrorMatcher: String {
        "\(self.profile.statusLabels[0])=~\"5..\""
    }

    /// The request counter series: the profile's counter, or its latency histogram's `_count`.
    var requests: String {
        if let counter = self.profile.requestCounter {
            return counter.hasSuffix("_total") || self.profile == .hummingbird ? counter : counter + "_total"
        }
        return self.profile.latencyHistogram + "_count"
    }

    var latencyBucket: String { self.profile.latencyHistogram + "_bucket" }

    /// `sum(rate(<requests>{job="…"}[5m]))`.
    func requestRate(_ window: String, errorsOnly: Bool = false) -> String {
        "sum(rate(\(self.requests)\(self.selector(errorsOnly ? self.serverErrorMatcher : ""))[\(window)]))"
    }

    func latencyQuantile(_ q: Double, window: String) -> String {
        "histogram_quantile(\(q), sum by (le) (rate(\(self.latencyBucket)\(self.selector())[\(window)])))"
    }

    /// Requests at or below `bound` seconds per second: the bucket whose `le` is the bound (matched
    /// however the exporter writes it: `0.25`, `0.250`, `1`, `1.0`). The spec's bound must be a bucket bound.
    func fastRate(_ bound: Double, window: String) -> String {
        "sum(rate(\(self.latencyBucket)\(self.selector("le=~\"\(PromQL.boundPattern(bound))\""))[\(window)]))"
    }

    static let startTime = Signal.Process.startTime.name
}

/// PromQL literals.
enum PromQL {
    /// `5m`, `1h30m`, `90s`: Prometheus duration syntax.
    static func duration(_ duration: Duration) -> String {
        var seconds = duration.components.seconds
        guard seconds > 0 else { return "0s" }
        var text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where seconds >= size {
            text += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return text
    }

    /// A PromQL regex (in a double-quoted PromQL string) matching `bound` as exporters write `le`.
    static func boundPattern(_ bound: Double) -> String {
        let text = self.number(bound)
        return text.contains(".") ? text.replacingOccurrences(of: ".", with: "\\\\.") + "0*" : text + "(\\\\.0*)?"
    }

    /// `0.25`, `1`, `0.001`: shortest exact decimal, as bucket `le` labels are written.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
