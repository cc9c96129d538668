package import AsyncHTTPClient
package import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import VitalsBase
package import VitalsCore
import VitalsSignals

/// Fetches a `/metrics` endpoint the way a scrape should: negotiates OpenMetrics or the classic format,
/// accepts gzip, and enforces a size limit on the decompressed body, so a broken or hostile target fails
/// that scrape alone, cleanly.
package struct ExpositionFetcher: Sendable {
    /// Largest decompressed body. Default 10 MB.
    package var bodyLimit = 10 * 1024 * 1024
    package var timeout: Duration = .seconds(10)
    let client: HTTPClient

    /// A fetcher on `client`, which must have decompression enabled (``makeClient()``).
    package init(client: HTTPClient) { self.client = client }

    /// An HTTP client that inflates gzip bodies up to a ratio that stops decompression bombs.
    package static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.decompression = .enabled(limit: .ratio(100))
        // A refused connection is an answer: the scrape fails now, rather than retrying until its timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// What went wrong with a scrape, in words that name the URL.
    package struct Failure: Error, CustomStringConvertible {
        /// Whether the target failed, or answered more than a scrape accepts.
        package struct Kind: Sendable, Hashable {
            private enum Backing: Sendable, Hashable { case target, limit }
            private let backing: Backing

            /// Unreachable, timed out, or answered something other than 200.
            package static let target = Kind(backing: .target)
            /// The body broke a limit (its size after decompression).
            package static let limit = Kind(backing: .limit)
        }

        package let url: String
        /// What happened, without the URL: `connection refused`, `answered 503 Service Unavailable`.
        package let reason: String
        package var kind = Kind.target
        package var description: String { "\(self.url): \(self.reason)" }
    }

    /// The body and the format its `Content-Type` names.
    package func fetch(_ url: String) async throws -> (bytes: [UInt8], format: ExpositionFormat) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: ExpositionFormat.accept)
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        request.headers.add(name: "User-Agent", value: Signal.HTTP.watcherUserAgent)
        // One deadline over headers and body: a target that sends its headers and then stalls fails the
        // scrape at the deadline, counted and explained, instead of holding it (and its slots) forever.
        let (timeout, bodyLimit, client) = (self.timeout, self.bodyLimit, self.client)
        let prepared = request
        let answer: (status: HTTPResponseStatus, body: [UInt8], contentType: String?)
        do {
            answer = try await Deadline.within(timeout) {
                let response = try await client.execute(prepared, timeout: TimeAmount(timeout))
                guard response.status == .ok else { return (response.status, [], nil) }
                let body = try await response.body.collect(upTo: bodyLimit)
                return (response.status, Array(body.readableBytesView), response.headers.first(name: "Content-Type"))
            }
        } catch is NIOTooManyBytesError {
            throw Failure(url: url, reason: "the body exceeds \(self.bodyLimit / 1_048_576) MB after decompression (body limit)", kind: .limit)
        } catch {
            throw Failure(url: url, reason: HTTPProber.classify(error, timeout: self.timeout).1)
        }
        guard answer.status == .ok else { throw Failure(url: url, reason: "answered \(answer.status.code) \(answer.status.reasonPhrase)") }
        return (answer.body, ExpositionFormat.from(contentType: answer.contentType))
    }
}
