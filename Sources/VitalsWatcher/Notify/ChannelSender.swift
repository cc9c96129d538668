import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VitalsBase
import VitalsCore

/// Delivers one message to one channel over HTTP and classifies the answer.
struct ChannelSender: Sendable {
    /// Per attempt: a receiver that holds the connection open is a failed attempt, retried later.
    var timeout: Duration = .seconds(10)

    /// How long a `command` channel's command may run.
    var commandTimeout: Duration = .seconds(30)

    enum Result: Sendable, Equatable {
        case delivered
        /// Worth retrying: network error, timeout, 408, 429, 5xx. `retryAfter` when the receiver said.
        case failed(String, retryAfter: Duration?)
        /// Will not get better by retrying: any other 4xx.
        case refused(String)
    }

    func send(_ message: NotificationMessage, to channel: NotifyChannel, kind: String?, now: Date) async -> Result {
        if channel.kind == .command { return await CommandSender(timeout: self.commandTimeout).send(message, command: channel.target.value) }
        let url = channel.kind == .alertmanager ? Self.alertmanagerURL(channel.target.value) : channel.target.value
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "vitals-watcher")
        // Receivers that deduplicate (and our own tests) key on this: a retry after a lost answer is not a new alert.
        request.headers.add(name: "Idempotency-Key", value: message.idempotencyKey)
        let body =
            switch channel.kind {
            case .slack: message.slackBody()
            case .alertmanager: message.alertmanagerBody(kind: kind, now: now)
            case .webhook, .command: message.webhookBody()
            }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(self.timeout.inSeconds * 1000)))
            // Read (a bounded part of) the answer so the connection can be reused, and quote it in errors.
            let answer = String(buffer: try await response.body.collect(upTo: 64 * 1024)).prefix(200)
            let code = Int(response.status.code)
            if (200..<300).contains(code) { return .delivered }
            let reason = "HTTP \(code)" + (answer.isEmpty ? "" : ": \(answer)")
            if code == 408 || code == 429 || code >= 500 {
                return .failed(reason, retryAfter: response.headers.first(name: "Retry-After").flatMap { Self.retryAfter($0, now: Date()) })
            }
            return .refused(reason)
        } catch {
            return .failed("\(error)", retryAfter: nil)
        }
    }

    /// The spec names Alertmanager by its base URL, as Prometheus's `alertmanagers` do.
    static func alertmanagerURL(_ base: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/api/v2/alerts"
    }

    /// `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
    static func retryAfter(_ value: String, now: Date) -> Duration? {
        if let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
