extension Signal {
    /// HTTP server signals, following the OpenTelemetry semantic conventions rendered for Prometheus.
    public enum HTTP {
        /// Request duration; its `_count` is the request counter. Recorded for thrown errors too.
        public static let requestDuration = Family(
            name: "http_server_request_duration_seconds",
            type: "histogram",
            help: "Duration of HTTP server requests.",
            labels: ["http_request_method", "http_route", "http_response_status_code"]
        )
        /// Requests in flight.
        public static let activeRequests = Family(
            name: "http_server_active_requests",
            type: "gauge",
            help: "Number of HTTP server requests in flight.",
            labels: ["http_request_method"]
        )
        /// Methods outside the registered set are recorded as this value.
        public static let otherMethod = "_OTHER"
        /// The route of a request that matched no route (a 404 from the router).
        public static let unmatchedRoute = "_unmatched"
        /// The `User-Agent` of every request the Vitals watcher sends. The library leaves the watcher's
        /// synthetic requests out of these signals: the watcher's own traffic is not the service's.
        public static let watcherUserAgent = "vitals-watcher"
        /// Default duration buckets in seconds: dense where SLO thresholds usually sit, up to 10 s.
        public static let durationBuckets: [Double] = [
            0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
        ]
    }

    /// Signals about the signals: label values folded into `_other` by the cardinality cap.
    public enum Cardinality {
        /// Observations whose label value was replaced by ``overflowValue`` because the cap was reached.
        public static let overflow = Family(
            name: "vitals_label_overflow_total",
            type: "counter",
            help: "Observations whose label value was folded into _other because the label reached its cap of distinct values.",
            labels: ["metric", "label"]
        )
        /// The value that replaces a label value past the cap.
        public static let overflowValue = "_other"
    }
}
