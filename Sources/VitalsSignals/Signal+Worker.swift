extension Signal {
    /// Background worker signals: reads, outcomes, failures, duration, backlog and progress.
    public enum Worker {
        /// Events read from a source; with ``lastRead`` it tells a worker that stopped reading.
        public static let eventsRead = Family(
            name: "worker_events_read_total",
            type: "counter",
            help: "Events read from a source by the worker.",
            labels: ["worker", "source"]
        )
        /// Events handled, by outcome; `success` is progress.
        public static let eventsHandled = Family(
            name: "worker_events_handled_total",
            type: "counter",
            help: "Events handled by the worker, by outcome (success, failed, skipped, retried).",
            labels: ["worker", "handler", "event_type", "outcome"]
        )
        /// Failures by error class: which handler, which event type, which error.
        public static let eventsFailed = Family(
            name: "worker_events_failed_total",
            type: "counter",
            help: "Events whose handling failed, by error class.",
            labels: ["worker", "handler", "event_type", "error_class"]
        )
        /// Time spent handling one event.
        public static let processingDuration = Family(
            name: "worker_event_processing_duration_seconds",
            type: "histogram",
            help: "Time spent handling one event.",
            labels: ["worker", "handler", "event_type"]
        )
        /// Backlog depth, sampled at scrape time.
        public static let queueDepth = Family(
            name: "worker_queue_depth",
            type: "gauge",
            help: "Events waiting in the queue, sampled at scrape time.",
            labels: ["worker", "queue"]
        )
        /// Age of the oldest waiting event; growing means falling behind.
        public static let queueOldestAge = Family(
            name: "worker_queue_oldest_age_seconds",
            type: "gauge",
            help: "Age of the oldest waiting event, sampled at scrape time.",
            labels: ["worker", "queue"]
        )
        /// Last read from the source, empty or not: the worker is alive and polling.
        public static let lastRead = Family(
            name: "worker_last_read_timestamp_seconds",
            type: "gauge",
            help: "Unix time of the worker's last read from its source, empty or not.",
            labels: ["worker"]
        )
        /// Last successfully handled event: the worker is doing its job.
        public static let lastProgress = Family(
            name: "worker_last_progress_timestamp_seconds",
            type: "gauge",
            help: "Unix time of the worker's last successfully handled event.",
            labels: ["worker"]
        )

        /// The outcomes of ``eventsHandled``.
        public enum Outcome: String, Sendable, CaseIterable {
            case success, failed, skipped, retried
        }

        /// Default processing-duration buckets in seconds.
        public static let durationBuckets: [Double] = [
            0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
        ]
    }
}
