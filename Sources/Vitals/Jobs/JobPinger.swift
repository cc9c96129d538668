import AsyncHTTPClient
public import Logging
import NIOCore
import NIOHTTP1

/// Sends start and finish pings for job runs, with retries, never throwing into the job.
struct JobPinger: Sendable {
    let target: PingTarget
    let logger: Logger

    /// `suffix` is `start`, an exit status (`0`, `1`), or `fail`; `query` carries `rid`, `records`, `duration`.
    func ping(job: String, suffix: String, query: [(String, String)], body: String? = nil) async {
        guard let base = self.target.url(job) else { return }
        let queryString = query.map { "\($0)=\($1)" }.joined(separator: "&")
        let url = "\(base)/\(suffix)?\(queryString)"
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
                if (200..<300).contains(response.status.code) { return }
                // 4xx other than 429 will not get better by retrying: a wrong token stays wrong.
                if response.status.code < 500, response.status.code != 429 {
                    self.logger.warning("Ping rejected", metadata: ["job": "\(job)", "http.status": "\(response.status.code)"])
                    return
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
    }
}
