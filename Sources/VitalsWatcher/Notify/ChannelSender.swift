import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VitalsBase
import VitalsCore
import VitalsSignals

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
        let target = channel.kind == .alertmanager ? Self.alertmanagerURL(channel.target.value) : channel.target.value
        let (url, authorization) = Self.splittingCredentials(target)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: Signal.HTTP.watcherUserAgent)
        // Receivers that deduplicate (and our own tests) key on this: a retry after a lost answer is not a new alert.
        request.headers.add(name: "Idempotency-Key", value: message.idempotencyKey)
        let body =
            switch channel.kind {
            case .slack: message.slackBody()
            case .alertmanager: message.alertmanagerBody(kind: kind, now: now)
            case .webhook, .command: message.webhookBody()
            }
        request.body = .bytes(ByteBuffer(bytes: body))
        let (prepared, timeout) = (request, self.timeout)
        do {
            // One deadline over the exchange, the answer's body included: a receiver that stalls mid-answer
            // is a failed attempt, not a stuck notifier.
            let (code, answer, retryAfter) = try await Deadline.within(timeout) {
                let response = try await HTTPClient.shared.execute(prepared, timeout: TimeAmount(timeout))
                // Read (a bounded part of) the answer so the connection can be reused, and quote it in errors.
                let answer = String(buffer: try await response.body.collect(upTo: 64 * 1024)).prefix(200)
                return (Int(response.status.code), String(answer), response.headers.first(name: "Retry-After"))
            }
            if (200..<300).contains(code) { return .delivered }
            let reason = "HTTP \(code)" + (answer.isEmpty ? "" : ": \(answer)")
            if code == 408 || code == 429 || code >= 500 {
                return .failed(reason, retryAfter: retryAfter.flatMap { Self.retryAfter($0, now: now) })
            }
            return .refused(reason)
        } catch is Deadline.Exceeded {
            return .failed("no complete answer within \(DurationText.format(self.timeout))", retryAfter: nil)
        } catch {
            return .failed("\(error)", retryAfter: nil)
        }
    }

    /// `https://user:pass@host/hook` as the URL without its credentials and a Basic `Authorization` value, as
    /// curl and browsers send them: an HTTP client would otherwise drop them silently.
    static func splittingCredentials(_ url: String) -> (url: String, authorization: String?) {
        guard var components = URLComponents(string: url), let user = components.percentEncodedUser else { return (url, nil) }
        let password = components.percentEncodedPassword ?? ""
        components.percentEncodedUser = nil
        components.percentEncodedPassword = nil
        let decoded = (user.removingPercentEncoding ?? user) + ":" + (password.removingPercentEncoding ?? password)
        return (components.string ?? url, "Basic " + Data(decoded.utf8).base64EncodedString())
    }

    /// The spec names Alertmanager by its base URL, as Prometheus's `alertmanagers` do.
    static func alertmanagerURL(_ base: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/api/v2/alerts"
    }

    /// `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), capped at
    /// ``Bounds/longestRetryAfter``: a receiver may ask for a pause, not park a notification for years.
    static func retryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            // Digits only: seconds. More digits than any useful pause are the cap, not an overflow.
            return min(Int64(text).map { Duration.seconds($0) } ?? Bounds.longestRetryAfter, Bounds.longestRetryAfter)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        let seconds = min(max(0, date.timeIntervalSince(now)), Bounds.longestRetryAfter.inSeconds)
        return Duration(finiteSeconds: seconds)
    }
}
