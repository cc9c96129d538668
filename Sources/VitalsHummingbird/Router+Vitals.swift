import HTTPTypes
public import Hummingbird
import NIOCore
public import Vitals

extension RouterMethods {
    /// Adds the probe and scrape routes:
    /// `/health/live`, `/health/ready`, `/health/startup` (and the aliases `/livez`, `/readyz`)
    /// answering ``HealthReport`` JSON with 200 or 503, and `/metrics` in the Prometheus text format, or in
    /// OpenMetrics with exemplars when the scraper's `Accept` header prefers it.
    /// Each answers `HEAD` too (status and headers, no body), as load balancers and uptime checkers send it.
    @discardableResult
    public func addVitalsRoutes(health: HealthRegistry = Vitals.health, signals: SignalRegistry = Vitals.signals) -> Self {
        for (path, group) in ProbeRoutes.all {
            self.getAndHead(RouterPath(path)) { _ in
                let report = await health.report(group)
                return (.init(code: report.httpStatus), "application/json", report.json)
            }
        }
        self.getAndHead(RouterPath(ProbeRoutes.metricsPath)) { accept in
            let format = MetricsFormat.negotiate(accept: accept)
            return (.ok, format.contentType, await signals.exposition(format: format))
        }
        return self
    }

    /// `GET` answers `answer(accept)`'s status, type and body; `HEAD` the same status and headers without the body.
    private func getAndHead(
        _ path: RouterPath,
        _ answer: @escaping @Sendable (_ accept: String?) async -> (status: HTTPResponse.Status, type: String, body: [UInt8])
    ) {
        let respond: @Sendable (_ request: Request, _ withBody: Bool) async -> Response = { request, withBody in
            let (status, type, body) = await answer(request.headers[.accept])
            return Response(
                status: status,
                headers: [.contentType: type, .cacheControl: "no-store"],
                body: withBody ? .init(byteBuffer: ByteBuffer(bytes: body)) : .init()
            )
        }
        self.get(path) { request, _ in await respond(request, true) }
        self.head(path) { request, _ in await respond(request, false) }
    }
}
