extension Workload {
    /// What is watched of a background worker: its probes and metrics, progress and backlog, or its pings.
    public struct Worker: Sendable {
        /// Liveness, readiness and metrics URLs.
        public var endpoints = Endpoints()
        /// Progress expected at least this often, if set.
        public var progressWithin: Duration?
        /// The oldest waiting event may be at most this old, if set.
        public var backlogMaxAge: Duration?
        /// Proof of life arrives as pings. Default false.
        public var heartbeat = false
        /// How pings are accepted.
        public var pings = PingSettings()
        /// When scraped signals and probes become a diagnosis.
        public var thresholds = SignalThresholds()

        /// Nothing watched yet, default thresholds.
        public init() {}
    }
}
