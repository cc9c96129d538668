/// The signals contract: the metric names and labels that the `Vitals` library emits and that the
/// watcher and the rule compiler read.
///
/// Keeping the names in one place is what lets a diagnosis computed by the watcher and the PromQL
/// compiled by `vitals rules` talk about the same series.
public enum Signal {
    /// One metric family of the contract: its Prometheus name, type, help text and label names.
    public struct Family: Sendable, Hashable {
        /// The Prometheus metric name, e.g. `http_server_request_duration_seconds`.
        public let name: String
        /// `counter`, `gauge` or `histogram`.
        public let type: String
        /// The `# HELP` text.
        public let help: String
        /// The label names, in the order they are emitted.
        public let labels: [String]

        /// Describes a family; the contract's own families are the static members of ``Signal``'s namespaces.
        public init(name: String, type: String, help: String, labels: [String]) {
            self.name = name
            self.type = type
            self.help = help
            self.labels = labels
        }
    }
}

extension Signal {
    /// Every family of the contract; a service's own signals may not reuse these names.
    public static let contract: [Family] = [
        HTTP.requestDuration, HTTP.activeRequests, Cardinality.overflow,
        Job.lastRun, Job.lastSuccess, Job.lastStatus, Job.lastDuration, Job.lastRecords, Job.runs,
        Process.startTime, Process.cpuSeconds, Process.residentMemory, Process.openFileDescriptors, Process.maxFileDescriptors,
        Worker.eventsRead, Worker.eventsHandled, Worker.eventsFailed, Worker.processingDuration, Worker.queueDepth,
        Worker.queueOldestAge, Worker.lastRead, Worker.lastProgress,
        Dependency.databaseDuration, Dependency.httpDuration, Dependency.cacheLookups, Dependency.poolConnections,
        Dependency.poolMax, Dependency.poolWait, Build.info,
    ]
}
