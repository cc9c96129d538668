extension Signal {
    /// Calls a service makes to what it depends on — databases, other HTTP services, caches, connection
    /// pools — following the OpenTelemetry semantic conventions rendered for Prometheus.
    ///
    /// `server_address` names the dependency as people on call say it (`orders-db`, `payments.internal`):
    /// it is what the watcher's evidence names. `error_type` is empty for calls that succeeded and the
    /// error's type otherwise (for HTTP, also `5xx` statuses as their code), as the conventions' `error.type`.
    public enum Dependency {
        /// Duration of database operations; its `_count` counts them.
        public static let databaseDuration = Family(
            name: "db_client_operation_duration_seconds",
            type: "histogram",
            help: "Duration of database client operations.",
            labels: ["db_system_name", "db_operation_name", "server_address", "error_type"]
        )
        /// Duration of outbound HTTP requests; its `_count` counts them.
        public static let httpDuration = Family(
            name: "http_client_request_duration_seconds",
            type: "histogram",
            help: "Duration of HTTP client requests.",
            labels: ["server_address", "http_request_method", "http_response_status_code", "error_type"]
        )
        /// Cache lookups by result: `hit`, `miss` or `error`.
        public static let cacheLookups = Family(
            name: "vitals_cache_lookups_total",
            type: "counter",
            help: "Cache lookups, by result (hit, miss, error).",
            labels: ["cache", "result"]
        )
        /// Connections of a pool by state: `used` or `idle`.
        public static let poolConnections = Family(
            name: "db_client_connection_count",
            type: "gauge",
            help: "Connections of a connection pool, by state (used, idle).",
            labels: ["db_client_connection_pool_name", "db_client_connection_state"]
        )
        /// The most connections a pool opens.
        public static let poolMax = Family(
            name: "db_client_connection_max",
            type: "gauge",
            help: "The largest number of connections a connection pool opens.",
            labels: ["db_client_connection_pool_name"]
        )
        /// Time callers waited for a connection from the pool.
        public static let poolWait = Family(
            name: "db_client_connection_wait_time_seconds",
            type: "histogram",
            help: "Time spent waiting for a connection from a connection pool.",
            labels: ["db_client_connection_pool_name"]
        )
        /// Default duration buckets in seconds: from a cache-speed millisecond to a timed-out 10 s.
        public static let durationBuckets: [Double] = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
        ]
        /// The `result` of a cache lookup.
        public enum CacheResult: String, Sendable, CaseIterable {
            case hit, miss, error
        }
    }

    /// What is running: a change of version between scrapes is a deploy.
    public enum Build {
        /// Always 1; the labels carry the service's version and source revision.
        public static let info = Family(
            name: "vitals_build_info",
            type: "gauge",
            help: "The running service's version and source revision; always 1.",
            labels: ["version", "revision"]
        )
    }
}
