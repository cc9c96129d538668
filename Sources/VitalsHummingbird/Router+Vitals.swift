import HTTPTypes
public import Hummingbird
import NIOCore
public import Vitals

extension RouterMethods {
    /// Adds the probe and scrape routes:
    /// `/health/live`, `/health/ready`, `/health/startup` (and the aliases `/livez`, `/readyz`)
    /// answering ``HealthReport`` JSON with 200 or 503, and `/metrics` in the Prometheus text format.
    @discardableResult
    public func addVitalsRoutes(health: HealthRegistry = Vitals.health, signals: SignalRegistry = Vitals.signals) -> Self {
        for (path, group) in [
            ("/health/live", HealthGroup.liveness), ("/livez", .liveness),
            ("/health/ready", .readiness), ("/readyz", .readiness),
            ("/health/startup", .startup),
        ] {
            self.get(RouterPath(path)) { _, _ -> Response in
                let report = await health.report(group)
                return Response(
                    status: .init(code: report.httpStatus),
                    headers: [.contentType: "application/json", .cacheControl: "no-store"],
                    body: .init(byteBuffer: ByteBuffer(bytes: report.json))
                )
            }
        }
        self.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: await signals.exposition()))
            )
        }
        return self
    }
}
