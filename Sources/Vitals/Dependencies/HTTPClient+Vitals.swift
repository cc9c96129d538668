public import AsyncHTTPClient
import Foundation
public import NIOCore
import NIOHTTP1

extension HTTPClient {
    /// Sends `request` as a measured dependency call: the request carries the W3C `traceparent` of its
    /// client span (a child of the current request's span) and the current `X-Request-ID`, so the next
    /// service continues the trace and logs the same id; the call is recorded in
    /// `http_client_request_duration_seconds` under `server` (default: the URL's host) and its status.
    ///
    /// ```swift
    /// let response = try await httpClient.execute(request, timeout: .seconds(2), dependencies: Vitals.dependencies, server: "payments")
    /// ```
    ///
    /// Headers the request already has are left as they are. The body is not read here: the duration is the
    /// time to the response head, as the conventions measure it.
    public func execute(
        _ request: HTTPClientRequest,
        timeout: TimeAmount,
        dependencies: Dependencies,
        server: String? = nil
    ) async throws -> HTTPClientResponse {
        let server = server ?? URLComponents(string: request.url)?.host ?? "unknown"
        let status: (HTTPClientResponse) -> Int = { Int($0.status.code) }
        return try await dependencies.http(method: request.method.rawValue, server: server, status: status) {
            var request = request
            // Inside the measured call the current context is the client span's, so the callee sees it as parent.
            for (name, value) in Propagation.headers(instrument: dependencies.instrument) where !request.headers.contains(name: name) {
                request.headers.add(name: name, value: value)
            }
            return try await self.execute(request, timeout: timeout)
        }
    }
}
