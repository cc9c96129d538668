import HTTPTypes
public import Hummingbird
import NIOCore
public import Vitals

extension RouterMethods {
    /// Adds the probe and scrape routes:
    /// `/health/live`, `/health/ready`, `/health/startup` (and the aliases `/livez`, `/readyz`)
    /// answering ``HealthReport`` JSON with 200 or 503, and `/metrics` in the Prometheus text format.
    /// Each answers `HEAD` too (status and headers, no body), as load balancers and uptime checkers send it.
    @discardableResult
    public func addVitalsRoutes(health: HealthRegistry = Vitals.health, signals: SignalRegistry = Vitals.signals) -> Self {
        for (path, group) in ProbeRoutes.all {
            self.getAndHead(RouterPath(path)) {
                let report = await health.report(group)
                return (.init(code: report.httpStatus), "application/json", report.json)
            }
        }
        self.getAndHead(RouterPath(ProbeRoutes.metricsPath)) { (.ok, ProbeRoutes.metricsContentType, await signals.exposition()) }
        return self
    }

    /// `GET` answers `answer()`'s status, type and body; `HEAD` the same status and headers without the body.
    private func getAndHead(
        _ path: RouterPath,
        _ answer: @escaping @Sendable () async -> (status: HTTPResponse.Status, type: String, body: [UInt8])
    ) {
        let respond: @Sendable (_ withBody: Bool) async -> Response = { withBody in
            let (status, type, body) = await answer()
            return Response(
                status: status,
                headers: [.contentType: type, .cacheControl: "no-store"],
                body: withBody ? .init(byteBuffer: ByteBuffer(bytes: body)) : .init()
            )
        }
        self.get(path) { _, _ in await respond(true) }
        self.head(path) { _, _ in await respond(false) }
    }
}
