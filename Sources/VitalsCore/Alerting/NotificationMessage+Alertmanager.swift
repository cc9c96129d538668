package import Foundation

extension NotificationMessage {
    /// How long Alertmanager keeps a firing alert without hearing of it again. The watcher re-posts
    /// firing alerts well within it (``alertmanagerRefresh``), as Prometheus does.
    package static let alertmanagerHold: Duration = .seconds(300)
    /// How often firing alerts are re-posted to Alertmanager.
    package static let alertmanagerRefresh: Duration = .seconds(60)

    /// The body of `POST /api/v2/alerts`: one alert per notification, labelled so that Alertmanager's
    /// routes, grouping and inhibitions can use the same words as the rules `vitals rules` writes.
    /// - Parameters:
    ///   - kind: the workload's kind (`api`, `worker`, `job`), as a label.
    ///   - now: a firing alert holds until `now + alertmanagerHold`; a resolved one ends at `now`.
    package func alertmanagerBody(kind: String?, now: Date) -> Data {
        let alerts = self.notifications.map { notification in
            var labels = [
                "alertname": notification.key.diagnosis.rawValue, "workload": notification.key.workload,
                "diagnosis": notification.key.diagnosis.rawValue,
                "severity": notification.severity.rawValue,
            ]
            labels["kind"] = kind
            var annotations = [
                "summary": "\(notification.key.workload): \(notification.key.diagnosis)", "description": notification.evidence,
            ]
            annotations["runbook_url"] = self.runbook
            let ends = notification.event == .fire ? now.addingTimeInterval(Double(Self.alertmanagerHold.components.seconds)) : now
            return AlertmanagerAlert(
                labels: labels,
                annotations: annotations,
                startsAt: notification.since,
                endsAt: ends,
                generatorURL: self.statusURL
            )
        }
        return Self.encode(alerts)
    }
}

private struct AlertmanagerAlert: Encodable {
    var labels: [String: String]
    var annotations: [String: String]
    var startsAt: Date
    var endsAt: Date
    var generatorURL: String
}
