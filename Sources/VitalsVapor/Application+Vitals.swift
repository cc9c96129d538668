import NIOCore
import NIOHTTP1
public import Vapor
public import Vitals

extension Application {
    /// Instruments this application with Vitals, replacing what Vapor does by default with the signals
    /// contract:
    ///
    /// - `middleware` (default ``VitalsVaporMiddleware``) goes first; Vapor's `RouteLoggingMiddleware` (the
    ///   middleware's access line replaces it) and `ErrorMiddleware` (the middleware answers errors) are taken
    ///   out, any other middleware already added stays, after it;
    /// - Vapor's own request metrics (`http_requests_total`, `http_request_duration_seconds`) are switched off,
    ///   so no request is counted twice under two names;
    /// - the probe and metrics routes are added (``RoutesBuilder/addVitalsRoutes(health:signals:)``).
    ///
    /// Call it after ``Vitals/bootstrap(configuration:environment:)``, which bootstraps logging: do not call
    /// Vapor's `LoggingSystem.bootstrap(from:)` as well (a second bootstrap stops the process).
    public func useVitals(
        health: HealthRegistry = Vitals.health,
        signals: SignalRegistry = Vitals.signals,
        middleware: VitalsVaporMiddleware = VitalsVaporMiddleware()
    ) {
        self.http.server.configuration.reportMetrics = false
        var middlewares = Middlewares()
        middlewares.use(middleware)
        for existing in self.middleware.resolve() where !(existing is RouteLoggingMiddleware || existing is ErrorMiddleware) {
            middlewares.use(existing)
        }
        self.middleware = middlewares
        self.routes.addVitalsRoutes(health: health, signals: signals)
    }
}

extension RoutesBuilder {
    /// Adds the probe and scrape routes: `/health/live`, `/health/ready`, `/health/startup` (and the aliases
    /// `/livez`, `/readyz`) answering ``HealthReport`` JSON with 200 or 503, and `/metrics` in the Prometheus
    /// text format, or in OpenMetrics with exemplars when the scraper's `Accept` header prefers it. Each answers `HEAD` too (status and headers, no body), as load balancers and uptime
    /// checkers send it.
    @discardableResult
    public func addVitalsRoutes(health: HealthRegistry = Vitals.health, signals: SignalRegistry = Vitals.signals) -> Self {
        for (path, group) in ProbeRoutes.all {
            self.getAndHead(path) { _ in
                let report = await health.report(group)
                return (HTTPResponseStatus(statusCode: report.httpStatus), "application/json", report.json)
            }
        }
        self.getAndHead(ProbeRoutes.metricsPath) { accept in
            let format = MetricsFormat.negotiate(accept: accept)
            return (.ok, format.contentType, await signals.exposition(format: format))
        }
        return self
    }

    /// `GET` answers `answer(accept)`'s status, type and body; `HEAD` the same status and headers without the body.
    private func getAndHead(
        _ path: String,
        _ answer: @escaping @Sendable (_ accept: String?) async -> (status: HTTPResponseStatus, type: String, body: [UInt8])
    ) {
        let components = path.split(separator: "/").map { PathComponent.constant(String($0)) }
        for (method, withBody) in [(HTTPMethod.GET, true), (.HEAD, false)] {
            self.on(method, components) { request async -> Response in
                let (status, type, body) = await answer(request.headers.first(name: .accept))
                let headers: HTTPHeaders = ["Content-Type": type, "Cache-Control": "no-store"]
                return Response(status: status, headers: headers, body: withBody ? .init(buffer: ByteBuffer(bytes: body)) : .empty)
            }
        }
    }
}
