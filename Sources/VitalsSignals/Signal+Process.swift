extension Signal {
    /// The process: the same names Prometheus client libraries use, so dashboards and the watcher read any
    /// of them alike.
    public enum Process {
        /// Start time of the process since the Unix epoch; a value that keeps changing means restarts.
        public static let startTime = Family(
            name: "process_start_time_seconds",
            type: "gauge",
            help: "Start time of the process since unix epoch in seconds.",
            labels: []
        )
        /// CPU time used, user and system.
        public static let cpuSeconds = Family(
            name: "process_cpu_seconds_total",
            type: "counter",
            help: "Total user and system CPU time spent in seconds.",
            labels: []
        )
        /// Resident memory.
        public static let residentMemory = Family(
            name: "process_resident_memory_bytes",
            type: "gauge",
            help: "Resident memory size in bytes.",
            labels: []
        )
        /// Open file descriptors.
        public static let openFileDescriptors = Family(
            name: "process_open_fds",
            type: "gauge",
            help: "Number of open file descriptors.",
            labels: []
        )
        /// The limit on open file descriptors.
        public static let maxFileDescriptors = Family(
            name: "process_max_fds",
            type: "gauge",
            help: "Maximum number of open file descriptors.",
            labels: []
        )
    }
}
