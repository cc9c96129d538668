package import Instrumentation
package import Logging
import ServiceContextModule
package import Tracing
import VitalsBase
import VitalsSignals

/// The framework-independent half of the HTTP middlewares (Hummingbird's, Vapor's): which requests are the
/// service's traffic, and for those the span, the RED signals and the access and error log lines. Each
/// framework supplies only what it alone knows — headers, the route template, how an error becomes a response.
package struct ServerRequests: Sendable {
    /// The probe and metrics routes: left out of the signals, the traces and the access log.
    package static let quietPaths: Set<String> = Set(ProbeRoutes.all.map(\.path) + [ProbeRoutes.metricsPath])

    let metrics: HTTPServerMetrics
    @usableFromInline let tracer: any Tracer
    let quietPaths: Set<String>
    let quietPrefixes: [String]

    /// `metrics` default to the ones on ``Vitals/signals``; `tracer` to the one bootstrapped (resolved once:
    /// the global lookup takes a lock, and this runs on every request).
    package init(metrics: HTTPServerMetrics?, tracer: (any Tracer)?, quietPaths: Set<String>?, quietPrefixes: [String]) {
        self.metrics = metrics ?? SharedHTTPMetrics.instance
        self.tracer = tracer ?? InstrumentationSystem.tracer
        self.quietPaths = quietPaths ?? Self.quietPaths
        self.quietPrefixes = quietPrefixes
    }

    /// Whether `path` is a probe or scrape: it gets a request id and nothing else. Recorded, probes would
    /// count a readiness 503 as a server error, keep an idle API from ever having no traffic, and dilute
    /// error ratios and SLOs.
    package func isQuiet(path: String) -> Bool { self.quietPaths.contains(path) }

    /// The trace context the caller sent, as the framework's headers carry it (`traceparent`, `tracestate`),
    /// over the current task's context. Generic in the headers' type, so it is specialised in each
    /// framework's module: an unspecialised generic call costs a metadata lookup per request.
    @inlinable
    package func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, using extractor: Extract) -> ServiceContext
    where Extract.Carrier == Carrier {
        var context = ServiceContext.current ?? .topLevel
        self.tracer.extract(carrier, into: &context, using: extractor)
        return context
    }

    /// Starts recording a request of the service's traffic: counts it in flight (unless synthetic), and
    /// starts its server span as a child of `context` (from ``extract(_:using:)``).
    package func begin(method: String, path: String, requestID: String, userAgent: String?, context: ServiceContext) -> ServerRequest {
        // The watcher's synthetic requests are traced and logged but are not users' traffic.
        let synthetic = userAgent?.hasPrefix(Signal.HTTP.watcherUserAgent) == true
        let active = synthetic ? nil : self.metrics.requestStarted(method: method)
        var context = context
        // In the task's context too: work the handler starts logs it and hands it on (`RequestID.current`).
        context.requestID = requestID
        let span = self.tracer.startSpan(method, context: context, ofKind: .server)
        // Attributes cost a dictionary per request; a span that is not recorded (no-op tracer, sampled out) skips them.
        let recording = span.isRecording
        if recording {
            span.attributes["http.request.method"] = method
            span.attributes["request_id"] = requestID
            if synthetic { span.attributes["vitals.synthetic"] = true }
        }
        let logged = !self.quietPrefixes.contains { path.hasPrefix($0) }
        return ServerRequest(
            metrics: self.metrics,
            tracer: self.tracer,
            method: method,
            span: span,
            recording: recording,
            active: active,
            logged: logged
        )
    }
}

/// One request being recorded; made by ``ServerRequests/begin(method:path:requestID:userAgent:context:)``.
package struct ServerRequest {
    let metrics: HTTPServerMetrics
    let tracer: any Tracer
    let method: String
    let span: any Span
    let recording: Bool
    let active: HTTPServerMetrics.ActiveRequest?
    let logged: Bool
    let start = ContinuousClock.now

    /// The context the handler runs in: the span's, with the request id.
    package var context: ServiceContext { self.span.context }

    /// An error the framework answered with a status of its own (a 4xx, say); a 5xx marks the span.
    package func answered(_ error: any Error, status: Int) {
        if status >= 500 { self.span.recordError(error) }
    }

    /// An error nothing answered: it is recorded on the span and logged, redacted, as `Request failed`
    /// in the span's context; the caller answers 500 with ``internalErrorBody(requestID:)``.
    package func failed(_ error: any Error, logger: Logger) {
        self.span.recordError(error)
        ServiceContext.$current.withValue(self.span.context) {
            logger.error("Request failed", metadata: ["error.type": "\(type(of: error))", "error": "\(error)"])
        }
    }

    /// Ends the request: its signals under `route` (a template, ``Signal/HTTP/unmatchedRoute`` for a 404),
    /// its span, and its one access log line, in the span's context so it carries the trace.
    package func finish(route: String, status: Int, logger: Logger) {
        let seconds = (ContinuousClock.now - self.start).inSeconds
        if let active {
            // Only a recorded span can be a trace someone opens; an unsampled one makes no exemplar.
            self.metrics.requestFinished(
                active,
                route: route,
                status: status,
                seconds: seconds,
                context: self.recording ? self.span.context : nil,
                instrument: self.tracer
            )
        }
        if self.recording {
            self.span.operationName = "\(self.method) \(route)"
            self.span.attributes["http.route"] = route
            self.span.attributes["http.response.status_code"] = status
            if status >= 500 { self.span.setStatus(SpanStatus(code: .error)) }
        }
        self.span.end()
        guard self.logged else { return }
        ServiceContext.$current.withValue(self.span.context) {
            logger.info(
                "Request completed",
                metadata: [
                    "http.request.method": "\(self.method)", "http.route": "\(route)",
                    "http.response.status_code": .stringConvertible(status),
                    "duration_ms": .stringConvertible((seconds * 1_000_000).rounded() / 1000),
                ]
            )
        }
    }

    /// The body of a 500: a 5xx never echoes internal error text; that goes to the log, correlated by request id.
    package static func internalErrorBody(requestID: String) -> String {
        #"{"error":"internal server error","request_id":"\#(requestID)"}"#
    }
}

/// The HTTP metrics on ``Vitals/signals``, made once: every middleware instance shares one set of series.
enum SharedHTTPMetrics {
    static let instance = HTTPServerMetrics(signals: Vitals.signals)
}

/// The probe and scrape routes every framework integration serves.
package enum ProbeRoutes {
    /// Each probe path and the health group it answers.
    package static let all: [(path: String, group: HealthGroup)] = [
        ("/health/live", .liveness), ("/livez", .liveness),
        ("/health/ready", .readiness), ("/readyz", .readiness),
        ("/health/startup", .startup),
    ]
    /// Where the exposition is served.
    package static let metricsPath = "/metrics"
}
