extension Workload {
    /// What is watched of a scheduled job: when it must run, how long it may take and what it must produce.
    public struct Job: Sendable {
        /// When runs are expected.
        public var schedule: Schedule
        /// How late a start may be. Default 5 minutes.
        public var grace: Duration = .seconds(300)
        /// A run that takes longer is hung, separately from ``grace``.
        public var maxDuration: Duration?
        /// A success with fewer records is suspicious.
        public var minRecords: Int?
        /// How pings are accepted.
        public var pings = PingSettings()
        /// Where Prometheus scrapes the job's gauges (`job_last_run_*`, e.g. from a Pushgateway), for the
        /// rules `vitals rules` compiles. The watcher itself reads the job's pings.
        public var metrics: String?

        /// A job on `schedule`, with the default grace and no other limits.
        public init(schedule: Schedule) {
            self.schedule = schedule
        }
    }
}
