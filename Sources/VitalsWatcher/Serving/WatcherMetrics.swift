import Prometheus
import VitalsCore

/// The watcher's own signals on its `/metrics`, so whoever watches the watcher can see it fall behind:
/// evaluation duration and lag, the outbox's depth and age, failed and dropped notifications.
struct WatcherMetrics: Sendable {
    let evaluationDuration: DurationHistogram
    let evaluationsOK: Counter
    let evaluationsFailed: Counter
    let evaluationsSkipped: Counter
    let schedulerLag: Gauge
    let alertsFiring: Gauge
    let outboxDepth: Gauge
    let outboxOldestAge: Gauge
    let heartbeatFailures: Counter
    private let registry: PrometheusCollectorRegistry

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.evaluationDuration = registry.makeDurationHistogram(
            name: "vitals_evaluation_duration_seconds",
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)],
            help: "Time one evaluation cycle took: diagnoses, alert lifecycle and its commit.")
        let evaluations = "Evaluation cycles, by outcome."
        self.evaluationsOK = registry.makeCounter(name: "vitals_evaluations_total", labels: [("outcome", "ok")], help: evaluations)
        self.evaluationsFailed = registry.makeCounter(name: "vitals_evaluations_total", labels: [("outcome", "failed")], help: evaluations)
        self.evaluationsSkipped = registry.makeCounter(name: "vitals_evaluations_total", labels: [("outcome", "skipped")], help: evaluations)
        self.schedulerLag = registry.makeGauge(name: "vitals_scheduler_lag_seconds", help: "How late the last evaluation cycle started against its schedule.")
        self.alertsFiring = registry.makeGauge(name: "vitals_alerts_firing", help: "Alerts currently firing.")
        self.outboxDepth = registry.makeGauge(name: "vitals_outbox_depth", help: "Notifications queued and not yet delivered.")
        self.outboxOldestAge = registry.makeGauge(name: "vitals_outbox_oldest_age_seconds", help: "Age of the oldest undelivered notification; 0 when none waits.")
        self.heartbeatFailures = registry.makeCounter(name: "vitals_heartbeat_failures_total", help: "Outbound heartbeats the receiver did not acknowledge.")
    }

    /// Counters per channel, made once per channel at start.
    func channel(_ name: String) -> ChannelCounters {
        ChannelCounters(
            sent: self.registry.makeCounter(name: "vitals_notifications_sent_total", labels: [("channel", name)], help: "Notification messages delivered, by channel."),
            failed: self.registry.makeCounter(
                name: "vitals_notifications_failed_total", labels: [("channel", name)], help: "Delivery attempts that failed and will be retried or dropped, by channel."),
            dropped: self.registry.makeCounter(
                name: "vitals_notifications_dropped_total", labels: [("channel", name)], help: "Notifications given up on (refused by the receiver, or too old), by channel."))
    }

    struct ChannelCounters: Sendable {
        let sent: Counter
        let failed: Counter
        let dropped: Counter
    }
}
