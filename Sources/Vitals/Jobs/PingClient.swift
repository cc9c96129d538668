import AsyncHTTPClient
public import Logging
import NIOCore
import NIOHTTP1
import VitalsBase

/// Sends pings to a watcher (healthchecks.io-compatible), retrying network errors, 429 and 5xx with
/// exponential backoff within the target's total time budget. It never throws: a watcher that cannot be
/// reached must not fail the job it watches.
///
/// ```swift
/// let client = PingClient(target: .slug(base: "http://watcher:9100", pingKey: key))
/// let delivered = await client.ping(job: "nightly-report", suffix: "start", query: [("rid", runID)])
/// ```
public struct PingClient: Sendable {
    /// Where pings go.
    public let target: PingTarget
    let logger: Logger

    /// A client for `target`; attempts are logged at debug, failures at warning.
    public init(target: PingTarget, logger: Logger = Logger(label: "vitals.ping")) {
        self.target = target
        self.logger = logger
    }

    /// Sends one ping and reports whether the watcher acknowledged it (2xx).
    /// - Parameters:
    ///   - suffix: `start`, `log`, `fail`, an exit status (`0` … `255`), or empty for success.
    ///   - query: `rid`, `records`, `duration`.
    ///   - body: output kept as the run's log (the watcher keeps the first 100 kB).
    @discardableResult
    public func ping(job: String, suffix: String, query: [(String, String)] = [], body: String? = nil) async -> Bool {
        guard let base = self.target.url(job) else { return false }
        let queryString = query.map { "\($0)=\($1)" }.joined(separator: "&")
        let url = (suffix.isEmpty ? base : "\(base)/\(suffix)") + (queryString.isEmpty ? "" : "?\(queryString)")
        var backoff = Duration.milliseconds(200)
        let deadline = ContinuousClock.now + self.target.timeout
        for attempt in 1...max(1, self.target.attempts) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            do {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                if let body { request.body = .bytes(ByteBuffer(string: String(body.utf8.suffix(100_000)) ?? "")) }
                let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(remaining.inSeconds * 1000)))
                if (200..<300).contains(response.status.code) { return true }
                // Honour the watcher's Retry-After, as far as the time budget allows.
                if response.status.code == 429, let seconds = response.headers.first(name: "Retry-After").flatMap(Int.init) {
                    backoff = max(backoff, .seconds(seconds))
                }
                // 4xx other than 429 will not get better by retrying: a wrong token stays wrong.
                if response.status.code < 500, response.status.code != 429 {
                    self.logger.warning("Ping rejected", metadata: ["job": "\(job)", "http.status": "\(response.status.code)"])
                    return false
                }
            } catch {
                self.logger.debug("Ping attempt failed", metadata: ["job": "\(job)", "attempt": "\(attempt)", "error": "\(error)"])
            }
            if attempt < self.target.attempts, deadline - ContinuousClock.now > backoff {
                try? await Task.sleep(for: backoff)
                backoff *= 2
            }
        }
        self.logger.warning("Ping not delivered", metadata: ["job": "\(job)", "ping.kind": "\(suffix)"])
        return false
    }
}
