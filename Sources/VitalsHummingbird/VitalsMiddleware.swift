import HTTPTypes
public import Hummingbird
import Logging
import NIOCore
import ServiceContextModule
public import Tracing
public import Vitals
import VitalsBase
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
    public static var quietPaths: Set<String> {
        ["/health/live", "/health/ready", "/health/startup", "/livez", "/readyz", "/metrics"]
    }

    private let metrics: HTTPServerMetrics
    private let tracer: any Tracer
    private let quietPaths: Set<String>
    private let quietPrefixes: [String]

    /// - Parameters:
    ///   - metrics: where HTTP signals go; default: on ``Vitals/signals``.
    ///   - tracer: the tracer for server spans; default: `InstrumentationSystem.tracer` as bootstrapped when
    ///     the middleware is made (so make it after ``Vitals/bootstrap(configuration:environment:)``).
    ///   - quietPaths: paths that are not the service's traffic; default ``quietPaths``.
    ///   - quietPrefixes: path prefixes left out of the access log, e.g. `/ping/` on a watcher, where every
    ///     request is already recorded elsewhere; default none.
    public init(metrics: HTTPServerMetrics? = nil, tracer: (any Tracer)? = nil, quietPaths: Set<String>? = nil, quietPrefixes: [String] = []) {
        self.metrics = metrics ?? SharedHTTPMetrics.instance
        // Resolved once: the global lookup takes a lock, and this runs on every request.
        self.tracer = tracer ?? InstrumentationSystem.tracer
        self.quietPaths = quietPaths ?? Self.quietPaths
        self.quietPrefixes = quietPrefixes
    }

    /// Records the request: id, span, RED signals and access log.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let requestID = RequestID.accept(request.headers[RequestIDHeader.name])
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        // Probes and scrapes are not the service's traffic: recorded, they would count a readiness 503 as a
        // server error, keep an idle API from ever having no traffic, and dilute error ratios and SLOs.
        if self.quietPaths.contains(request.uri.path) {
            var response = try await next(request, context)
            response.headers[RequestIDHeader.name] = requestID
            return response
        }
        // The watcher's synthetic requests are traced and logged but are not users' traffic either.
        let synthetic = request.headers[.userAgent]?.hasPrefix(Signal.HTTP.watcherUserAgent) == true
        let active = synthetic ? nil : self.metrics.requestStarted(method: request.method.rawValue)

        let tracer = self.tracer
        var serviceContext = ServiceContext.current ?? .topLevel
        tracer.extract(request.headers, into: &serviceContext, using: HTTPFieldsExtractor())
        // In the task's context too: work the handler starts logs it and hands it on (`RequestID.current`).
        serviceContext.requestID = requestID
        let span = tracer.startSpan(request.method.rawValue, context: serviceContext, ofKind: .server)
        // Attributes cost a dictionary per request; a span that is not recorded (no-op tracer, sampled out) skips them.
        let recording = span.isRecording
        if recording {
            span.attributes["http.request.method"] = request.method.rawValue
            span.attributes["request_id"] = requestID
            if synthetic { span.attributes["vitals.synthetic"] = true }
        }

        var response: Response
        do {
            response = try await ServiceContext.$current.withValue(span.context) {
                try await next(request, context)
            }
        } catch let error as any HTTPResponseError {
            response = (try? error.response(from: request, context: context)) ?? Response(status: error.status)
            if response.status.code >= 500 { span.recordError(error) }
        } catch {
            span.recordError(error)
            // Inside the span's context, so the line carries the request's trace_id and span_id.
            ServiceContext.$current.withValue(span.context) {
                context.logger.error("Request failed", metadata: ["error.type": "\(type(of: error))", "error": "\(error)"])
            }
            response = Self.internalError(requestID: requestID)
        }
        response.headers[RequestIDHeader.name] = requestID

        // Hummingbird names the endpoint of an unmatched request "NotFound"; real templates start with "/".
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? Signal.HTTP.unmatchedRoute
        let status = Int(response.status.code)
        let seconds = (ContinuousClock.now - start).inSeconds
        if let active { self.metrics.requestFinished(active, route: route, status: status, seconds: seconds) }

        if recording {
            span.operationName = "\(request.method.rawValue) \(route)"
            span.attributes["http.route"] = route
            span.attributes["http.response.status_code"] = status
            if status >= 500 { span.setStatus(SpanStatus(code: .error)) }
        }
        span.end()

        let path = request.uri.path
        if !self.quietPaths.contains(path), !self.quietPrefixes.contains(where: { path.hasPrefix($0) }) {
            // The span has ended, but its context still names the trace: the access line joins it.
            ServiceContext.$current.withValue(span.context) {
                context.logger.info(
                    "Request completed",
                    metadata: [
                        "http.request.method": "\(request.method.rawValue)", "http.route": "\(route)",
                        "http.response.status_code": .stringConvertible(status),
                        "duration_ms": .stringConvertible((seconds * 1_000_000).rounded() / 1000),
                    ]
                )
            }
        }
        return response
    }

    private static func internalError(requestID: String) -> Response {
        // A 5xx never echoes internal error text: that goes to the log, correlated by request id.
        let body = #"{"error":"internal server error","request_id":"\#(requestID)"}"#
        return Response(
            status: .internalServerError,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}

enum RequestIDHeader {
    static let name = HTTPField.Name(RequestID.headerName)!
}

/// The HTTP metrics on ``Vitals/signals``, made once: every middleware instance shares one set of series.
enum SharedHTTPMetrics {
    static let instance = HTTPServerMetrics(signals: Vitals.signals)
}
