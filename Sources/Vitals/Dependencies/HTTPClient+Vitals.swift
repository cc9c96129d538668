public import AsyncHTTPClient
import Foundation
import Instrumentation
public import NIOCore
import NIOHTTP1
import ServiceContextModule

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
    /// Headers the request already has are left as they are, and a client whose own tracing writes the
    /// trace headers (AsyncHTTPClient does with a tracer bootstrapped before the client was made) is left to
    /// write them: the callee's parent is then its span, a child of this call's. The body is not read here: the duration is the
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
            var headers = Propagation.headers(instrument: dependencies.instrument)
            if self.propagatesTraces {
                // This client writes the trace itself (AsyncHTTPClient's own tracing, on when a tracer was
                // bootstrapped before it was made): a second `traceparent` would make the callee unable to
                // read either and start a new trace.
                headers = headers.filter { $0.key == RequestID.headerName.lowercased() }
            }
            for (name, value) in headers where !request.headers.contains(name: name) {
                request.headers.add(name: name, value: value)
            }
            return try await self.execute(request, timeout: timeout)
        }
    }
}

extension HTTPClient {
    /// Whether this client's own tracer writes trace headers into the requests it sends.
    fileprivate var propagatesTraces: Bool {
        guard let tracer = self.tracer, let context = ServiceContext.current else { return false }
        var probe: [String: String] = [:]
        tracer.inject(context, into: &probe, using: DictionaryInjector())
        return !probe.isEmpty
    }
}
