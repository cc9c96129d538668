import Prometheus
import Vitals
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
    let clockSteps: Counter
    let checkStartLag: ValueHistogram
    let checksSkipped: Counter
    private let probeOutcomes: [String: Counter]
    private let scrapeOutcomes: [ScrapeOutcome: Counter]
    private let registry: PrometheusCollectorRegistry

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.evaluationDuration = registry.durationHistogram(
            "vitals_evaluation_duration_seconds",
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)],
            help: "Time one evaluation cycle took: diagnoses, alert lifecycle and its commit."
        )
        let evaluations = "Evaluation cycles, by outcome."
        self.evaluationsOK = registry.counter("vitals_evaluations_total", labels: [("outcome", "ok")], help: evaluations)
        self.evaluationsFailed = registry.counter("vitals_evaluations_total", labels: [("outcome", "failed")], help: evaluations)
        self.evaluationsSkipped = registry.counter("vitals_evaluations_total", labels: [("outcome", "skipped")], help: evaluations)
        self.clockSteps = registry.counter(
            "vitals_wall_clock_steps_total",
            help: "Steps of the wall clock seen between evaluation cycles (NTP corrections, resumed VMs); alert holds move with them."
        )
        self.schedulerLag = registry.gauge(
            "vitals_scheduler_lag_seconds",
            help: "How late the last evaluation cycle started against its schedule."
        )
        self.alertsFiring = registry.gauge("vitals_alerts_firing", help: "Alerts currently firing.")
        self.outboxDepth = registry.gauge("vitals_outbox_depth", help: "Notifications queued and not yet delivered.")
        self.outboxOldestAge = registry.gauge(
            "vitals_outbox_oldest_age_seconds",
            help: "Age of the oldest undelivered notification; 0 when none waits."
        )
        self.heartbeatFailures = registry.counter(
            "vitals_heartbeat_failures_total",
            help: "Outbound heartbeats the receiver did not acknowledge."
        )
        self.checkStartLag = registry.valueHistogram(
            "vitals_check_start_lag_seconds",
            buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 10],
            help: "How late probes and scrapes started against their slot."
        )
        self.checksSkipped = registry.counter(
            "vitals_checks_skipped_total",
            help: "Probe or scrape slots skipped because the previous run of the same check was still going."
        )
        let probes = "Probes run, by outcome: ok or the failure class."
        self.probeOutcomes = Dictionary(
            uniqueKeysWithValues: (["ok"] + ProbeOutcome.Failure.allCases.map(\.rawValue)).map {
                ($0, registry.counter("vitals_probes_total", labels: [("outcome", $0)], help: probes))
            }
        )
        let scrapes =
            "Scrapes run, by outcome: ok, failed (unreachable or not 200), invalid (the exposition did not parse), limit (a body, sample or label limit was broken)."
        self.scrapeOutcomes = Dictionary(
            uniqueKeysWithValues: ScrapeOutcome.allCases.map {
                ($0, registry.counter("vitals_scrapes_total", labels: [("outcome", $0.rawValue)], help: scrapes))
            }
        )
    }

    enum ScrapeOutcome: String, CaseIterable { case ok, failed, invalid, limit }

    func scrapes(_ outcome: ScrapeOutcome) -> Counter { self.scrapeOutcomes[outcome]! }

    func probe(_ outcome: ProbeOutcome) { self.probeOutcomes[outcome.failure?.rawValue ?? "ok"]?.increment() }

    /// Counters per channel, made once per channel at start.
    func channel(_ name: String) -> ChannelCounters {
        ChannelCounters(
            sent: self.registry.counter(
                "vitals_notifications_sent_total",
                labels: [("channel", name)],
                help: "Notification messages delivered, by channel."
            ),
            failed: self.registry.counter(
                "vitals_notifications_failed_total",
                labels: [("channel", name)],
                help: "Delivery attempts that failed and will be retried or dropped, by channel."
            ),
            dropped: self.registry.counter(
                "vitals_notifications_dropped_total",
                labels: [("channel", name)],
                help: "Notifications given up on (refused by the receiver, or too old), by channel."
            )
        )
    }

    struct ChannelCounters: Sendable {
        let sent: Counter
        let failed: Counter
        let dropped: Counter
    }
}
