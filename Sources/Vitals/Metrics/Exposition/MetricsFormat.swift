/// The formats `/metrics` serves, chosen from the scraper's `Accept` header.
public enum MetricsFormat: Sendable, Hashable {
    /// Prometheus text 0.0.4: what `curl` and older scrapers get. It has no place for exemplars.
    case prometheusText
    /// OpenMetrics 1.0 text, with exemplars: what Prometheus and the Vitals watcher ask for first.
    case openMetrics

    /// The `Content-Type` of an exposition in this format.
    public var contentType: String {
        switch self {
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// OpenMetrics when `accept` lists it at a quality no lower than the text format's, as Prometheus's
    /// default header does (`application/openmetrics-text;version=1.0.0,…,text/plain;version=0.0.4;q=0.5`);
    /// the text format for anything else, a missing or unreadable header included.
    public static func negotiate(accept: String?) -> MetricsFormat {
        guard let accept else { return .prometheusText }
        var openMetrics = 0.0
        var text = 0.0
        for entry in accept.split(separator: ",") {
            let parameters = entry.split(separator: ";").map { $0.trimmingSpaces.lowercased() }
            guard let type = parameters.first else { continue }
            let quality =
                parameters.dropFirst().lazy.compactMap { parameter -> Double? in
                    guard parameter.hasPrefix("q=") else { return nil }
                    return Double(parameter.dropFirst(2))
                }.first ?? 1
            guard quality.isFinite, quality > 0 else { continue }
            if type == "application/openmetrics-text" {
                openMetrics = max(openMetrics, quality)
            } else if type == "text/plain" {
                text = max(text, quality)
            }
        }
        return openMetrics > 0 && openMetrics >= text ? .openMetrics : .prometheusText
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var trimmed = self
        while trimmed.first == " " || trimmed.first == "\t" { trimmed.removeFirst() }
        while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
        return trimmed
    }
}
