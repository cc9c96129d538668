public import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import Vitals
public import VitalsCore
import VitalsHummingbird
public import VitalsStore

/// The watcher as a library: its HTTP face (ping API, probes, metrics) over a store.
///
/// Evaluation, notification and the status page join it as further services of the same group.
public struct Watcher: Sendable {
    /// Pings one workload may send at once before the sustained `ping_rate` applies.
    public static let pingBurst = 100.0

    /// Registers the spec's workloads in the store (tokens generated on first start) and builds the app.
    public static func application(
        spec: Spec, store: any WatchStore, signals: SignalRegistry, health: HealthRegistry, logger: Logger, now: Date = Date()
    ) async throws -> some ApplicationProtocol {
        let registered = try await store.register(
            spec.workloads.map { WorkloadRegistration(name: $0.name, token: $0.token?.value) }, now: now)
        let byName = Dictionary(uniqueKeysWithValues: spec.workloads.map { ($0.name, $0) })
        let directory = TokenDirectory(
            entries: registered.compactMap { record in
                byName[record.name].map { TokenDirectory.Entry(name: record.name, token: Array(record.token.utf8), postOnly: $0.postOnly, retention: $0.retention) }
            },
            pingKey: spec.watcher.pingKey.map { Array($0.value.utf8) })

        health.register("store", in: .readiness, timeout: .seconds(2)) { _ = try await store.workloads() }
        let router = Router()
        // Pings are stored one by one already; an access line each would double the work of the hottest path.
        router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: signals), quietPrefixes: ["/ping/"]))
        router.addVitalsRoutes(health: health, signals: signals)
        PingRoutes(
            store: store, directory: directory, limiter: PingRateLimiter(rate: spec.watcher.pingRate, burst: Self.pingBurst),
            metrics: PingMetrics(registry: signals.prometheus)
        ).add(to: router)

        let parts = spec.watcher.listen.split(separator: ":")
        let host = String(parts.first ?? "127.0.0.1")
        let port = Int(parts.last ?? "9100") ?? 9100
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "vitals"),
            onServerRunning: { _ in health.markStarted() },
            logger: logger)
    }
}
