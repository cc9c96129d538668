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

    /// The request counter series, as the profile names it in the classic format Prometheus scrapes,
    /// or the latency histogram's `_count`.
    var requests: String { self.profile.requestCounter ?? self.profile.latencyHistogram + "_count" }

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
