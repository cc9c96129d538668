public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
public import VitalsCore

/// Fetches a `/metrics` endpoint the way a scrape should: negotiates OpenMetrics or the classic format,
/// accepts gzip, and enforces a size limit on the decompressed body, so a broken or hostile target fails
/// that scrape alone, cleanly.
public struct ExpositionFetcher: Sendable {
    /// Largest decompressed body. Default 10 MB.
    public var bodyLimit = 10 * 1024 * 1024
    public var timeout: Duration = .seconds(10)
    let client: HTTPClient

    /// A fetcher on `client`, which must have decompression enabled (``makeClient()``).
    public init(client: HTTPClient) { self.client = client }

    /// An HTTP client that inflates gzip bodies up to a ratio that stops decompression bombs.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.decompression = .enabled(limit: .ratio(100))
        // A refused connection is an answer: the scrape fails now, rather than retrying until its timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// What went wrong with a scrape, in words that name the URL.
    public struct Failure: Error, CustomStringConvertible {
        public let url: String
        /// What happened, without the URL: `connection refused`, `answered 503 Service Unavailable`.
        public let reason: String
        /// A limit was broken (body size), as opposed to the target failing.
        public var isLimit = false
        public var description: String { "\(self.url): \(self.reason)" }
    }

    /// The body and the format its `Content-Type` names.
    public func fetch(_ url: String) async throws -> (bytes: [UInt8], format: ExpositionFormat) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: ExpositionFormat.accept)
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        request.headers.add(name: "User-Agent", value: "vitals-watcher")
        let response: HTTPClientResponse
        do {
            response = try await self.client.execute(request, timeout: .milliseconds(Int64(self.timeout.components.seconds * 1000)))
        } catch {
            throw Failure(url: url, reason: HTTPProber.classify(error, timeout: self.timeout).1)
        }
        guard response.status == .ok else { throw Failure(url: url, reason: "answered \(response.status.code) \(response.status.reasonPhrase)") }
        do {
            let body = try await response.body.collect(upTo: self.bodyLimit)
            return (Array(body.readableBytesView), ExpositionFormat.from(contentType: response.headers.first(name: "Content-Type")))
        } catch is NIOTooManyBytesError {
            throw Failure(url: url, reason: "the body exceeds \(self.bodyLimit / 1_048_576) MB after decompression (body limit)", isLimit: true)
        } catch {
            throw Failure(url: url, reason: HTTPProber.classify(error, timeout: self.timeout).1)
        }
    }
}
