/// The two text formats a `/metrics` endpoint may answer in.
public enum ExpositionFormat: String, Sendable, Hashable, CaseIterable {
    /// `text/plain; version=0.0.4`: Prometheus's classic text format.
    case prometheus = "prometheus"
    /// `application/openmetrics-text; version=1.0.0`: OpenMetrics 1.0 text.
    case openMetrics = "openmetrics"

    /// The `Accept` header a scrape sends: OpenMetrics preferred, the classic format accepted.
    public static let accept = "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    /// The format a response's `Content-Type` names; the classic format for anything else, as Prometheus does.
    public static func from(contentType: String?) -> ExpositionFormat {
        guard let contentType else { return .prometheus }
        return contentType.lowercased().hasPrefix("application/openmetrics-text") ? .openMetrics : .prometheus
    }
}

/// The kind of a metric family, from `# TYPE`.
public enum MetricType: String, Sendable, Hashable, CaseIterable {
    case counter, gauge, histogram, summary, untyped
    /// OpenMetrics only.
    case unknown, info, stateset, gaugehistogram

    /// Sample-name suffixes that belong to a family of this type.
    var suffixes: [String] {
        switch self {
        case .counter: ["_total", "_created"]
        case .histogram, .gaugehistogram: ["_bucket", "_sum", "_count", "_created", "_gcount", "_gsum"]
        case .summary: ["_sum", "_count", "_created"]
        case .info: ["_info"]
        case .gauge, .untyped, .unknown, .stateset: []
        }
    }
}
