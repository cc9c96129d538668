import Logging
import NIOCore
import NIOHTTP1
import ServiceContextModule
public import Tracing
public import Vapor
public import Vitals
import VitalsBase
import VitalsSignals

/// The Vitals request pipeline for Vapor 4, the same contract as the Hummingbird middleware:
///
/// - a request id: a well-formed inbound `X-Request-ID` or a new one, echoed in the response and set as
///   `request_id` on `req.logger` (in place of Vapor's own `request-id`, so a line has one id) and on the span;
/// - a server span continuing the caller's W3C `traceparent`, named `GET /orders/{id}` — Vapor's
///   `/orders/:id` written as OpenTelemetry and the Hummingbird middleware write it;
/// - the HTTP signals (duration histogram by method, route template and status; requests in flight),
///   recorded for thrown errors and unmatched routes (`_unmatched`) too;
/// - one access log line per request;
/// - errors: an `AbortError` answers as Vapor's `ErrorMiddleware` would (`{"error":true,"reason":…}` with its
///   status and headers); any other error answers `500 {"error":"internal server error","request_id":…}` and
///   is logged, redacted, so internal text never reaches a client.
///
/// The probe and metrics routes get a request id and nothing else. Install it with
/// `Application/useVitals(health:signals:middleware:)`, which puts it first and takes out what it replaces.
public struct VitalsVaporMiddleware: AsyncMiddleware {
    /// The probe and metrics routes: left out of the signals, the traces and the access log.
    public static var quietPaths: Set<String> { ServerRequests.quietPaths }

    private let requests: ServerRequests
    private let logger: Logger?

    /// - Parameters:
    ///   - metrics: where HTTP signals go; default: on ``Vitals/signals``.
    ///   - tracer: the tracer for server spans; default: `InstrumentationSystem.tracer` as bootstrapped when
    ///     the middleware is made (so make it after ``Vitals/bootstrap(configuration:environment:)``).
    ///   - quietPaths: paths that are not the service's traffic; default ``quietPaths``.
    ///   - logger: the logger `req.logger` becomes (with the request id); default Vapor's request logger.
    public init(metrics: HTTPServerMetrics? = nil, tracer: (any Tracer)? = nil, quietPaths: Set<String>? = nil, logger: Logger? = nil) {
        self.requests = ServerRequests(metrics: metrics, tracer: tracer, quietPaths: quietPaths, quietPrefixes: [])
        self.logger = logger
    }

    /// Records the request: id, span, RED signals and access log.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let requestID = RequestID.accept(request.headers.first(name: RequestID.headerName))
        var logger = self.logger ?? request.logger
        logger[metadataKey: "request-id"] = nil
        logger[metadataKey: "request_id"] = .string(requestID)
        request.logger = logger
        if self.requests.isQuiet(path: request.url.path) {
            let response = try await next.respond(to: request)
            response.headers.replaceOrAdd(name: RequestID.headerName, value: requestID)
            return response
        }
        let recorded = self.requests.begin(
            method: request.method.rawValue,
            path: request.url.path,
            requestID: requestID,
            userAgent: request.headers.first(name: .userAgent),
            context: self.requests.extract(request.headers, using: HTTPHeadersExtractor())
        )
        // Vapor's own tracing helpers (`req.withAutoPropagation`, its HTTP client) read the request's context.
        request.serviceContext = recorded.context
        let response: Response
        do {
            response = try await ServiceContext.$current.withValue(recorded.context) { try await next.respond(to: request) }
        } catch let error as any AbortError {
            response = Self.response(to: error)
            recorded.answered(error, status: Int(response.status.code))
        } catch {
            recorded.failed(error, logger: logger)
            var headers = HTTPHeaders()
            headers.contentType = .json
            response = Response(
                status: .internalServerError,
                headers: headers,
                body: .init(string: ServerRequest.internalErrorBody(requestID: requestID))
            )
        }
        response.headers.replaceOrAdd(name: RequestID.headerName, value: requestID)
        let route = request.route.map { Self.template($0.path) } ?? Signal.HTTP.unmatchedRoute
        recorded.finish(route: route, status: Int(response.status.code), logger: logger)
        return response
    }

    /// A route's path as an OpenTelemetry `http.route`: `/orders/{id}`; `*` and `**` as Vapor writes them.
    static func template(_ path: [PathComponent]) -> String {
        "/"
            + path.map { component in
                switch component {
                case .constant(let text): text
                case .parameter(let name): "{\(name)}"
                case .anything: "*"
                case .catchall: "**"
                }
            }.joined(separator: "/")
    }

    /// What Vapor's `ErrorMiddleware` answers for an `AbortError`: its status and headers, `{"error":true,"reason":…}`.
    static func response(to error: any AbortError) -> Response {
        var json = JSONWriter(capacity: 64)
        json.raw(#"{"error":true,"reason":"#)
        json.string(error.reason)
        json.raw("}")
        var headers = error.headers
        headers.contentType = .json
        return Response(status: error.status, headers: headers, body: .init(buffer: ByteBuffer(bytes: json.bytes)))
    }
}

/// Reads trace context (`traceparent`, `tracestate`) from request headers.
struct HTTPHeadersExtractor: Extractor {
    func extract(key: String, from headers: HTTPHeaders) -> String? { headers.first(name: key) }
}
