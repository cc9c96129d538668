package import Foundation
import Logging
import Prometheus
import Vitals
import VitalsBase
package import VitalsCore
import VitalsStore

/// Delivers the outbox: leases due rows, groups them per channel and workload, sends one message per
/// group, and records the outcome. Retries back off exponentially with jitter and honour `Retry-After`;
/// a notification is given up on when the receiver refuses it (4xx) or it is older than `giveUpAfter`.
package struct Notifier: Sendable {
    let spec: Spec
    let store: any WatchStore
    let metrics: WatcherMetrics
    let logger: Logger
    var sender: ChannelSender
    let counters: [String: WatcherMetrics.ChannelCounters]
    /// How long a lease lasts: a sender that dies mid-delivery delays its rows by this much.
    package var leaseFor: Duration = .seconds(60)
    package var backoff = Backoff()
    /// How long a `command` channel's command may run before it is killed. Default 30 s.
    package var commandTimeout: Duration {
        get { self.sender.commandTimeout }
        set { self.sender.commandTimeout = newValue }
    }
    /// A notification this old is no longer news. Default 24 h.
    package var giveUpAfter: Duration = .seconds(86_400)

    init(spec: Spec, store: any WatchStore, metrics: WatcherMetrics, logger: Logger) {
        self.spec = spec
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.sender = ChannelSender()
        self.counters = Dictionary(spec.notify.map { ($0.name, metrics.channel($0.name)) }, uniquingKeysWith: { first, _ in first })
    }

    /// One pass over what is due at `now`. Returns the number of messages delivered.
    @discardableResult
    package func deliverDue(now: Date) async throws -> Int {
        let leased = try await self.store.leaseNotifications(now: now, leaseFor: self.leaseFor, limit: 200)
        let groups = Dictionary(grouping: leased) { GroupKey(channel: $0.channel, workload: $0.notification.key.workload) }
        let delivered = await withTaskGroup(of: Bool.self) { group in
            for (key, items) in groups.sorted(by: { $0.key < $1.key }) {
                group.addTask { await self.deliver(items.sorted { $0.id < $1.id }, key: key, now: now) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        try await self.updateOutboxGauges(now: now)
        return delivered
    }

    private func deliver(_ items: [QueuedNotification], key: GroupKey, now: Date) async -> Bool {
        let ids = items.map(\.id)
        guard let channel = self.spec.notify.first(where: { $0.name == key.channel }) else {
            let reason = "channel \"\(key.channel)\" is not configured any more"
            await self.settle(ids, .dropped(error: reason), channel: key.channel, now: now)
            self.counters[key.channel]?.dropped.increment()
            self.logger.error("Notification dropped", metadata: ["channel": "\(key.channel)", "workload": "\(key.workload)", "reason": "\(reason)"])
            return false
        }
        let workload = self.spec.workloads.first { $0.name == key.workload }
        let message = NotificationMessage(
            workload: key.workload,
            runbook: workload?.runbook.map(Evaluator.redactor.redact),
            statusURL: "\(self.spec.watcher.statusURL)/workloads/\(key.workload)",
            notifications: items.map(\.notification)
        )
        let counters = self.counters[key.channel]
        switch await self.sender.send(message, to: channel, kind: workload?.kind.rawValue, now: now) {
        case .delivered:
            await self.settle(ids, .delivered, channel: key.channel, now: now)
            counters?.sent.increment()
            return true
        case .refused(let reason):
            counters?.failed.increment()
            counters?.dropped.increment()
            self.logger.error(
                "Notification refused by the receiver; dropped",
                metadata: ["channel": "\(key.channel)", "workload": "\(key.workload)", "reason": "\(reason)"]
            )
            await self.settle(ids, .dropped(error: reason), channel: key.channel, now: now)
        case .failed(let reason, let retryAfter):
            counters?.failed.increment()
            let attempts = (items.map(\.attempts).max() ?? 0) + 1
            let oldest = items.map(\.createdAt).min() ?? now
            if now.timeIntervalSince(oldest) >= self.giveUpAfter.inSeconds {
                counters?.dropped.increment()
                self.logger.error(
                    "Notification given up",
                    metadata: ["channel": "\(key.channel)", "workload": "\(key.workload)", "reason": "\(reason)", "attempts": "\(attempts)"]
                )
                await self.settle(
                    ids,
                    .dropped(error: "gave up after \(DurationText.format(self.giveUpAfter)): \(reason)"),
                    channel: key.channel,
                    now: now
                )
            } else {
                var random = SystemRandomNumberGenerator()
                let delay = self.backoff.delay(afterAttempts: attempts, retryAfter: retryAfter, using: &random)
                self.logger.warning(
                    "Notification failed; will retry",
                    metadata: [
                        "channel": "\(key.channel)", "workload": "\(key.workload)", "reason": "\(reason)",
                        "retry_in": "\(DurationText.format(delay))",
                    ]
                )
                // Never past the give-up time: the last retry happens, then the give-up, whatever was asked.
                let retryAt = min(now.addingTimeInterval(delay.inSeconds), oldest.addingTimeInterval(self.giveUpAfter.inSeconds))
                await self.settle(ids, .retry(at: retryAt, error: reason), channel: key.channel, now: now)
            }
        }
        return false
    }

    /// Settling can fail only if the store does; the lease then expires and the rows are retried,
    /// which the idempotency key makes harmless.
    private func settle(_ ids: [Int64], _ outcome: DeliveryOutcome, channel: String, now: Date) async {
        do {
            try await self.store.settleNotifications(ids: ids, outcome: outcome, now: now)
        } catch {
            self.logger.error(
                "Delivery outcome not stored; the lease will expire and the notification be retried",
                metadata: ["channel": "\(channel)", "error": "\(error)"]
            )
        }
    }

    /// Re-posts every notified, still-firing alert to the Alertmanager channels it was routed to, so
    /// Alertmanager does not time it out (it forgets an alert not heard of for its hold). Failures are
    /// counted and logged; the next refresh tries again.
    package func refreshAlertmanager(now: Date) async throws {
        let channels = self.spec.notify.filter { $0.kind == .alertmanager }
        guard !channels.isEmpty else { return }
        let firing = try await self.store.alertStates().filter { $0.value.notified && $0.value.phase != .pending }
        let byWorkload = Dictionary(grouping: firing, by: \.key.workload)
        for (workloadName, alerts) in byWorkload.sorted(by: { $0.key < $1.key }) {
            let workload = self.spec.workloads.first { $0.name == workloadName }
            let notifications = alerts.map { key, state in
                AlertNotification(key: key, event: .fire, severity: state.severity, evidence: state.evidence, since: state.activeSince)
            }
            for channel in channels {
                let routed = notifications.filter { NotificationRouting.channels(for: $0, workload: workload, channels: [channel]) == [channel.name] }
                guard !routed.isEmpty else { continue }
                let message = NotificationMessage(
                    workload: workloadName,
                    runbook: workload?.runbook.map(Evaluator.redactor.redact),
                    statusURL: "\(self.spec.watcher.statusURL)/workloads/\(workloadName)",
                    notifications: routed
                )
                if case .delivered = await self.sender.send(message, to: channel, kind: workload?.kind.rawValue, now: now) { continue }
                self.counters[channel.name]?.failed.increment()
                self.logger.warning(
                    "Alertmanager refresh failed; the next one retries",
                    metadata: ["channel": "\(channel.name)", "workload": "\(workloadName)"]
                )
            }
        }
    }

    func updateOutboxGauges(now: Date) async throws {
        let summary = try await self.store.outboxSummary()
        self.metrics.outboxDepth.set(Double(summary.depth))
        self.metrics.outboxOldestAge.set(summary.oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    struct GroupKey: Hashable, Comparable, Sendable {
        let channel: String
        let workload: String
        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.channel, lhs.workload) < (rhs.channel, rhs.workload) }
    }
}
