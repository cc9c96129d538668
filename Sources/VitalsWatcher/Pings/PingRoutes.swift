package import Foundation
import HTTPTypes
package import Hummingbird
package import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import Vitals
package import VitalsCore
import VitalsStore

/// The healthchecks.io-compatible ping API: `GET|POST|HEAD /ping/<token>[/start|/fail|/log|/<status>]`
/// and `/ping/<ping_key>/<workload>[/…]`. A 2xx is sent only after the ping is committed.
package struct PingRoutes: Sendable {
    let store: any WatchStore
    let directory: TokenDirectory
    let limiter: PingRateLimiter
    let metrics: PingMetrics

    func add(to router: Router<BasicRequestContext>) {
        // One route per method, the segments read here: the router's trie walked three templates deep for
        // every ping, on the path that has to take 20,000 a second.
        for method in [HTTPRequest.Method.get, .post, .head] {
            router.on("/ping/**", method: method) { request, context in
                let segments = context.parameters.getCatchAll()
                guard (1...3).contains(segments.count) else {
                    self.metrics.rejected(reason: "unknown_token")
                    return Self.answer(.notFound, "not found: no workload has this token or slug")
                }
                return try await self.handle(request, context: context, segments: segments.map(String.init))
            }
        }
    }

    /// Token form first (`<token>[/suffix]`), then slug form (`<ping_key>/<workload>[/suffix]`).
    private func resolve(_ segments: [String]) -> (TokenDirectory.Entry, suffix: String)? {
        if segments.count <= 2, let entry = self.directory.workload(token: segments[0]) {
            return (entry, segments.count == 2 ? segments[1] : "")
        }
        if segments.count >= 2, let entry = self.directory.workload(pingKey: segments[0], slug: segments[1]) {
            return (entry, segments.count == 3 ? segments[2] : "")
        }
        return nil
    }

    private func handle(_ request: Request, context: BasicRequestContext, segments: [String]) async throws -> Response {
        guard let (entry, suffix) = self.resolve(segments) else {
            self.metrics.rejected(reason: "unknown_token")
            return Self.answer(.notFound, "not found: no workload has this token or slug")
        }
        if entry.postOnly, request.method != .post {
            self.metrics.rejected(reason: "post_only")
            var response = Self.answer(.methodNotAllowed, "this workload accepts pings by POST only")
            response.headers[.allow] = "POST"
            return response
        }
        let now = Date()
        if let retryAfter = self.limiter.admit(entry.name, now: now.timeIntervalSince1970) {
            self.metrics.rejected(reason: "rate_limited")
            var response = Self.answer(.tooManyRequests, "too many pings for \(entry.name); retry after \(retryAfter)s")
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
        // The first 100 kB are the run's log; the rest is read and dropped rather than refused, as healthchecks.io does.
        var body = ByteBuffer()
        for try await chunk in request.body where body.readableBytes < PingParser.bodyLimit {
            var chunk = chunk
            body.writeBuffer(&chunk)
        }
        let ping: Ping
        do {
            ping = try Self.ping(suffix: suffix, uri: request.uri, body: Array(buffer: body), receivedAt: now)
        } catch {
            self.metrics.rejected(reason: "invalid")
            return Self.answer(.badRequest, error.description)
        }
        do {
            try await self.store.record(ping, workload: entry.name, retention: entry.retention)
        } catch {
            // Not stored means not acknowledged: the client retries, nothing is lost.
            context.logger.error("Ping not stored", metadata: ["workload": "\(entry.name)", "error": "\(error)"])
            self.metrics.rejected(reason: "store_failed")
            return Self.answer(.serviceUnavailable, "the ping could not be stored; retry")
        }
        self.metrics.accepted()
        return Self.accepted
    }

    /// A ping request as a ``Ping``: the suffix after the token or slug, the query as Hummingbird decodes it
    /// (the first of repeated parameters wins), and the body already cut to the limit.
    package static func ping(suffix: String, uri: URI, body: [UInt8], receivedAt now: Date) throws(PingParser.Invalid) -> Ping {
        // Most pings carry no query: the dictionary is made only for those that do.
        let query =
            uri.query == nil
            ? [:] : Dictionary(uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
        return try PingParser.parse(suffix: suffix, query: query, body: body, receivedAt: now)
    }

    static let bodyLimitHeader = HTTPField.Name("Ping-Body-Limit")!
    static let bodyLimitValue = String(PingParser.bodyLimit)

    /// The answer to every stored ping, made once.
    static let accepted = Self.answer(.ok, "OK")

    static func answer(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8", Self.bodyLimitHeader: Self.bodyLimitValue],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

/// The ping API's own signals on the watcher's `/metrics`, resolved once: they are bumped on every ping.
struct PingMetrics: Sendable {
    static let reasons = ["unknown_token", "post_only", "rate_limited", "invalid", "store_failed"]
    private let acceptedCounter: Counter
    private let rejectedCounters: [String: Counter]

    init(registry: PrometheusCollectorRegistry) {
        self.acceptedCounter = registry.counter("vitals_pings_accepted_total", help: "Pings stored and acknowledged.")
        self.rejectedCounters = Dictionary(
            uniqueKeysWithValues: Self.reasons.map { reason in
                (reason, registry.counter("vitals_pings_rejected_total", labels: [("reason", reason)], help: "Pings refused, by reason."))
            }
        )
    }

    func accepted() { self.acceptedCounter.increment() }

    func rejected(reason: String) { self.rejectedCounters[reason]?.increment() }
}
