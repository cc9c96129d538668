package import AsyncHTTPClient
package import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL
import VitalsBase
package import VitalsCore
import VitalsSignals

/// Sends one probe and classifies what happened: every failure is one of `dns`, `connect`, `tls`,
/// `timeout`, `http_status`, `body_limit` or `assertion`, with the detail a person needs.
///
/// One deadline covers the whole exchange (DNS, connect, TLS, headers and body): a target that accepts
/// and then dribbles its body byte by byte fails at the deadline like one that never answers.
package struct HTTPProber: Sendable {
    let client: HTTPClient

    package init(client: HTTPClient) { self.client = client }

    /// A client suited to probing: no redirects followed (a 302 is an answer), no connection retries (a
    /// refusal is an answer), and enough connections per host for `concurrency` probes at once.
    package static func makeClient(concurrency: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, concurrency)
        configuration.decompression = .enabled(limit: .ratio(100))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    package func probe(_ check: ProbeCheck, now: @Sendable () -> Date = Date.init) async -> ProbeOutcome {
        let started = ContinuousClock.now
        let at = now()
        func elapsed() -> Double { (ContinuousClock.now - started).inSeconds }
        func failed(_ failure: ProbeOutcome.Failure, _ detail: String, status: Int? = nil) -> ProbeOutcome {
            ProbeOutcome(check: check.id, at: at, latency: elapsed(), status: status, failure: failure, detail: detail)
        }
        var request = HTTPClientRequest(url: check.url)
        request.method = HTTPMethod(rawValue: check.method)
        request.headers.add(name: "User-Agent", value: Signal.HTTP.watcherUserAgent)
        for header in check.headers { request.headers.add(name: header.name, value: header.value.value) }
        if let body = check.body { request.body = .bytes(ByteBuffer(string: body)) }
        let prepared = request
        do {
            let (status, reason, body) = try await Deadline.within(check.timeout) {
                let response = try await self.client.execute(prepared, timeout: TimeAmount(check.timeout))
                let body = try await response.body.collect(upTo: check.bodyLimit)
                return (Int(response.status.code), response.status.reasonPhrase, Array(body.readableBytesView))
            }
            return ProbeOutcome.judge(check, at: at, latency: elapsed(), status: status, reason: reason, body: body)
        } catch is Deadline.Exceeded {
            return failed(.timeout, "no complete answer within \(DurationText.format(check.timeout))")
        } catch is NIOTooManyBytesError {
            return failed(.bodyLimit, "the body is larger than \(check.bodyLimit / 1024) kB")
        } catch {
            let (failure, detail) = Self.classify(error, timeout: check.timeout)
            return failed(failure, detail)
        }
    }

    /// The class of a transport error, and words for it.
    static func classify(_ error: any Error, timeout: Duration) -> (ProbeOutcome.Failure, String) {
        switch error {
        case is Deadline.Exceeded:
            return (.timeout, "no complete answer within \(DurationText.format(timeout))")
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
                return (.timeout, "no complete answer within \(DurationText.format(timeout))")
            case .connectTimeout: return (.connect, "connect timed out")
            case .tlsHandshakeTimeout: return (.tls, "TLS handshake timed out")
            case .remoteConnectionClosed: return (.connect, "connection closed before an answer")
            case .invalidURL, .emptyHost, .emptyScheme: return (.dns, "invalid URL")
            default: return (.connect, "\(error)")
            }
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return (.dns, "\(error.host) does not resolve")
            }
            let reasons = Set(error.connectionErrors.map { Self.describe($0.error) }).sorted().joined(separator: "; ")
            return (.connect, reasons.isEmpty ? "cannot connect to \(error.host):\(error.port)" : reasons)
        case let error as SocketAddressError:
            return (.dns, "\(error)")
        case let error as NIOSSLError:
            return (.tls, "TLS: \(error)")
        case let error as BoringSSLError:
            return (.tls, "TLS: \(error)")
        case let error as NIOSSLExtraError:
            return (.tls, "TLS: \(error)")
        case let error as IOError:
            return (.connect, Self.describe(error))
        default:
            let text = String(describing: error)
            return (text.localizedCaseInsensitiveContains("ssl") || text.localizedCaseInsensitiveContains("tls") ? .tls : .connect, text)
        }
    }

    /// `connection refused` rather than `IOError { errno: 111 ... }`.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? IOError else { return "\(error)" }
        return String(cString: strerror(error.errnoCode)).lowercased()
    }
}
