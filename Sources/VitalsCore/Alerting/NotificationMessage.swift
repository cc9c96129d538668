package import Foundation

/// What one channel receives for one workload: its notifications grouped into one message, so an
/// incident that trips three diagnoses pages once, not three times.
package struct NotificationMessage: Sendable {
    package var workload: String
    package var runbook: String?
    /// The workload's page on the status page.
    package var statusURL: String
    /// Oldest first.
    package var notifications: [AlertNotification]

    package init(workload: String, runbook: String?, statusURL: String, notifications: [AlertNotification]) {
        self.workload = workload
        self.runbook = runbook
        self.statusURL = statusURL
        self.notifications = notifications
    }

    /// The notification's own key when alone; otherwise a digest of the members' keys, equal for
    /// every retry of the same group.
    package var idempotencyKey: String {
        if self.notifications.count == 1 { return self.notifications[0].idempotencyKey }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across processes, unlike Hasher
        for byte in self.notifications.map(\.idempotencyKey).sorted().joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "\(self.workload)/group/\(String(hash, radix: 16))"
    }

    /// `firing` while any member fires, else `resolved`.
    package var status: String { self.notifications.contains { $0.event == .fire } ? "firing" : "resolved" }

    /// "nightly-report: job.empty_output firing (warning)", or a count when grouped.
    package var title: String {
        if self.notifications.count == 1, let only = self.notifications.first {
            return "\(self.workload): \(only.key.diagnosis) \(only.event == .fire ? "firing" : "resolved") (\(only.severity.rawValue))"
        }
        let firing = self.notifications.count { $0.event == .fire }
        let resolved = self.notifications.count - firing
        return "\(self.workload): "
            + [firing > 0 ? "\(firing) firing" : nil, resolved > 0 ? "\(resolved) resolved" : nil].compactMap { $0 }.joined(separator: ", ")
    }

    /// The generic webhook's JSON body (documented in docs/watcher.md).
    package func webhookBody() -> Data {
        let body = WebhookBody(
            version: 1,
            workload: self.workload,
            status: self.status,
            title: self.title,
            idempotencyKey: self.idempotencyKey,
            statusURL: self.statusURL,
            runbook: self.runbook,
            alerts: self.notifications.map {
                .init(
                    diagnosis: $0.key.diagnosis.rawValue,
                    status: $0.event == .fire ? "firing" : "resolved",
                    severity: $0.severity.rawValue,
                    evidence: $0.evidence,
                    since: $0.since,
                    idempotencyKey: $0.idempotencyKey
                )
            }
        )
        return Self.encode(body)
    }

    /// A Slack-compatible incoming-webhook body: `text` in Slack's mrkdwn, escaped as Slack requires.
    package func slackBody() -> Data {
        var lines = ["*\(Self.slackEscape(self.title))*"]
        for notification in self.notifications {
            let mark =
                notification.event == .fire ? (notification.severity == .critical ? ":red_circle:" : ":large_orange_circle:") : ":white_check_mark:"
            let verb = notification.event == .fire ? "" : " resolved;"
            lines.append("\(mark) `\(notification.key.diagnosis)`\(verb) \(Self.slackEscape(notification.evidence))")
        }
        var links = ["<\(self.statusURL)|status>"]
        if let runbook = self.runbook { links.append("<\(runbook)|runbook>") }
        lines.append(links.joined(separator: " · "))
        return Self.encode(["text": lines.joined(separator: "\n")])
    }

    /// Slack reads `&`, `<` and `>` as markup: evidence quoting program output must not become links.
    static func slackEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain strings, numbers and dates cannot fail.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}

private struct WebhookBody: Encodable {
    struct Alert: Encodable {
        var diagnosis, status, severity, evidence: String
        var since: Date
        var idempotencyKey: String
        enum CodingKeys: String, CodingKey {
            case diagnosis, status, severity, evidence, since
            case idempotencyKey = "idempotency_key"
        }
    }
    var version: Int
    var workload, status, title, idempotencyKey, statusURL: String
    var runbook: String?
    var alerts: [Alert]
    enum CodingKeys: String, CodingKey {
        case version, workload, status, title, runbook, alerts
        case idempotencyKey = "idempotency_key"
        case statusURL = "status_url"
    }
}
