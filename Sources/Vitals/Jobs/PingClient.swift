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
    let clock: AnyClock

    /// A client for `target`; attempts are logged at debug, failures at warning.
    public init(target: PingTarget, logger: Logger = Logger(label: "vitals.ping")) {
        self.init(target: target, logger: logger, clock: ContinuousClock())
    }

    /// A client whose retries wait on `clock`: the watcher's heartbeat runs on the watcher's clock.
    package init(target: PingTarget, logger: Logger, clock: some Clock<Duration>) {
        self.target = target
        self.logger = logger
        self.clock = AnyClock(clock)
    }

    /// Sends one ping and reports whether the watcher acknowledged it (2xx).
    /// - Parameters:
    ///   - suffix: `start`, `log`, `fail`, an exit status (`0` … `255`), or empty for success.
    ///   - query: `rid`, `records`, `duration`.
    ///   - body: output kept as the run's log, redacted by ``Vitals/redactor`` (the last 100 kB are sent).
    @discardableResult
    public func ping(job: String, suffix: String, query: [(String, String)] = [], body: String? = nil) async -> Bool {
        guard let base = self.target.url(job) else { return false }
        let queryString = query.map { "\($0)=\($1)" }.joined(separator: "&")
        let url = (suffix.isEmpty ? base : "\(base)/\(suffix)") + (queryString.isEmpty ? "" : "?\(queryString)")
        var backoff = Duration.milliseconds(200)
        let clock = self.clock
        let deadline = clock.now.advanced(by: self.target.timeout)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        // Redacted first (a job's error text is often a connection URL with its password), then the last
        // 100 kB, cut on a byte boundary and read back leniently: a cut through a multi-byte character must
        // not lose the whole log.
        if let body {
            let redacted = Vitals.redactor.redact(body)
            request.body = .bytes(ByteBuffer(string: String(decoding: redacted.utf8.suffix(100_000), as: UTF8.self)))
        }
        let prepared = request
        for attempt in 1...max(1, self.target.attempts) {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            do {
                // One deadline over the attempt: a watcher that accepts and never answers costs `remaining`, no more.
                let (code, retryAfter) = try await Deadline.within(remaining, clock: clock) {
                    let response = try await HTTPClient.shared.execute(prepared, timeout: TimeAmount(remaining))
                    return (response.status.code, response.headers.first(name: "Retry-After"))
                }
                if (200..<300).contains(code) { return true }
                // Honour the watcher's Retry-After, as far as the time budget allows.
                if code == 429, let text = retryAfter, let seconds = Int64(text), seconds >= 0 {
                    backoff = max(backoff, min(.seconds(seconds), remaining))
                }
                // 4xx other than 429 will not get better by retrying: a wrong token stays wrong.
                if code < 500, code != 429 {
                    self.logger.warning("Ping rejected", metadata: ["job": "\(job)", "http.status": "\(code)"])
                    return false
                }
            } catch {
                self.logger.debug("Ping attempt failed", metadata: ["job": "\(job)", "attempt": "\(attempt)", "error": "\(error)"])
            }
            if attempt < self.target.attempts, clock.now.duration(to: deadline) > backoff {
                try? await clock.sleep(for: backoff)
                backoff *= 2
            }
        }
        self.logger.warning("Ping not delivered", metadata: ["job": "\(job)", "ping.kind": "\(suffix)"])
        return false
    }
}
