extension Signal {
    /// Scheduled job signals. Jobs are short-lived, so the same facts also travel to the watcher as pings.
    public enum Job {
        /// When the last run started.
        public static let lastRun = Family(
            name: "job_last_run_timestamp_seconds",
            type: "gauge",
            help: "Unix time at which the job's last run started.",
            labels: ["job"]
        )
        /// When the last successful run finished; too old means stale.
        public static let lastSuccess = Family(
            name: "job_last_success_timestamp_seconds",
            type: "gauge",
            help: "Unix time at which the job's last successful run finished.",
            labels: ["job"]
        )
        /// 1 when the last run succeeded, 0 when it failed.
        public static let lastStatus = Family(
            name: "job_last_run_status",
            type: "gauge",
            help: "Outcome of the job's last finished run: 1 success, 0 failure.",
            labels: ["job"]
        )
        /// How long the last run took.
        public static let lastDuration = Family(
            name: "job_last_run_duration_seconds",
            type: "gauge",
            help: "Duration of the job's last finished run.",
            labels: ["job"]
        )
        /// Records the last run processed; zero after a success is suspicious.
        public static let lastRecords = Family(
            name: "job_last_run_records",
            type: "gauge",
            help: "Records the job's last finished run reported processing.",
            labels: ["job"]
        )
        /// Finished runs by outcome.
        public static let runs = Family(
            name: "job_runs_total",
            type: "counter",
            help: "Finished runs of the job, by outcome (success, failure).",
            labels: ["job", "outcome"]
        )
    }
}
