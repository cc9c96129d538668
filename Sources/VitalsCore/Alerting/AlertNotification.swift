package import Foundation

/// One alert event to tell people about: a diagnosis firing or resolving.
package struct AlertNotification: Sendable, Hashable, Codable {
    package enum Event: String, Sendable, Hashable, Codable { case fire, resolve }

    package var key: AlertKey
    package var event: Event
    package var severity: Severity
    /// The evidence when it fired, or the last evidence before it resolved.
    package var evidence: String
    /// When the episode began: the diagnosis first held (fire) or first fired (resolve).
    package var since: Date
    /// The same for every delivery of this event of this episode, so a receiver can drop duplicates.
    package var idempotencyKey: String

    package init(key: AlertKey, event: Event, severity: Severity, evidence: String, since: Date) {
        self.key = key
        self.event = event
        self.severity = severity
        self.evidence = evidence
        self.since = since
        self.idempotencyKey = "\(key.workload)/\(key.diagnosis)/\(Int(since.timeIntervalSince1970))/\(event.rawValue)"
    }
}

extension AlertAction {
    /// The notification this action asks for.
    package var notification: AlertNotification {
        switch self {
        case .fire(let key, let severity, let evidence, let since):
            AlertNotification(key: key, event: .fire, severity: severity, evidence: evidence, since: since)
        case .resolve(let key, let severity, let evidence, let firedAt):
            AlertNotification(key: key, event: .resolve, severity: severity, evidence: evidence, since: firedAt)
        }
    }
}

/// Which channels hear about a notification: the workload's `notify:` list (all channels when absent),
/// narrowed by each channel's `severities`. Resolves go wherever the fire went.
package enum NotificationRouting {
    package static func channels(for notification: AlertNotification, workload: Workload?, channels: [NotifyChannel]) -> [String] {
        channels.filter { channel in
            (workload?.channels.map { $0.contains(channel.name) } ?? true) && (channel.severities.map { $0.contains(notification.severity) } ?? true)
        }.map(\.name)
    }
}
