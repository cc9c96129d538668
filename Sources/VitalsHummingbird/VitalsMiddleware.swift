import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import ServiceContextModule
public import Tracing
public import Vitals
import VitalsSignals

/// The Vitals request pipeline for Hummingbird, in one middleware so that every request pays for one pass:
///
/// - a request id: a well-formed inbound `X-Request-ID` or a new one, echoed in the response and set as
///   `request_id` on the request's logger and span;
/// - a server span continuing the caller's W3C `traceparent`;
/// - the HTTP signals (duration histogram by method, route template and status; requests in flight),
///   recorded for thrown errors and unmatched routes too;
/// - one access log line per request;
/// - errors that are not `HTTPResponseError` answer 500 with a JSON body naming only the request id.
///
/// The probe and metrics routes (``quietPaths``) are not the service's traffic: they get a request id and
/// nothing else — no signals, no span, no log line. Nor are the watcher's synthetic requests (`Signal.HTTP.watcherUserAgent`):
/// they are traced and logged, marked `vitals.synthetic`, and left out of the HTTP signals.
///
/// ```swift
/// let router = Router()
/// router.add(middleware: VitalsMiddleware())
/// router.addVitalsRoutes()
/// ```
public struct VitalsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The probe and metrics routes: left out of the signals, the traces and the access log.
    public static var quietPaths: Set<String> { ServerRequests.quietPaths }

    private let requests: ServerRequests

    /// - Parameters:
    ///   - metrics: where HTTP signals go; default: on ``Vitals/signals``.
    ///   - tracer: the tracer for server spans; default: `InstrumentationSystem.tracer` as bootstrapped when
    ///     the middleware is made (so make it after ``Vitals/bootstrap(configuration:environment:)``).
    ///   - quietPaths: paths that are not the service's traffic; default ``quietPaths``.
    ///   - quietPrefixes: path prefixes left out of the access log, e.g. `/ping/` on a watcher, where every
    ///     request is already recorded elsewhere; default none.
    public init(metrics: HTTPServerMetrics? = nil, tracer: (any Tracer)? = nil, quietPaths: Set<String>? = nil, quietPrefixes: [String] = []) {
        self.requests = ServerRequests(metrics: metrics, tracer: tracer, quietPaths: quietPaths, quietPrefixes: quietPrefixes)
    }

    /// Records the request: id, span, RED signals and access log.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = RequestID.accept(request.headers[RequestIDHeader.name])
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        // Hummingbird's own id becomes ours (`context.id` reads it), so a line carries one id, not two.
        context.logger[metadataKey: "hb.request.id"] = .string(requestID)
        if self.requests.isQuiet(path: request.uri.path) {
            var response = try await next(request, context)
            response.headers[RequestIDHeader.name] = requestID
            return response
        }
        let recorded = self.requests.begin(
            method: request.method.rawValue,
            path: request.uri.path,
            requestID: requestID,
            userAgent: request.headers[.userAgent],
            context: self.requests.extract(request.headers, using: HTTPFieldsExtractor())
        )
        var response: Response
        do {
            response = try await ServiceContext.$current.withValue(recorded.context) {
                try await next(request, context)
            }
        } catch let error as any HTTPResponseError {
            response = (try? error.response(from: request, context: context)) ?? Response(status: error.status)
            recorded.answered(error, status: Int(response.status.code))
        } catch {
            recorded.failed(error, logger: context.logger)
            response = Response(
                status: .internalServerError,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: ServerRequest.internalErrorBody(requestID: requestID)))
            )
        }
        response.headers[RequestIDHeader.name] = requestID
        // Hummingbird names the endpoint of an unmatched request "NotFound"; real templates start with "/".
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? Signal.HTTP.unmatchedRoute
        recorded.finish(route: route, status: Int(response.status.code), logger: context.logger)
        return response
    }
}

enum RequestIDHeader {
    static let name = HTTPField.Name(RequestID.headerName)!
}
