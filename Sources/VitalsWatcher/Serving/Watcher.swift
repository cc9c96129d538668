package import Foundation
package import Hummingbird
import HummingbirdCore
package import Logging
import NIOCore
import Prometheus
package import ServiceLifecycle
package import Vitals
package import VitalsCore
import VitalsHummingbird
package import VitalsStore

/// The watcher as a library: its HTTP face (ping API, status page, JSON API, its own probes and
/// metrics), the evaluation loop and the notifier, over one store. Run ``services`` in a `ServiceGroup`.
package struct Watcher: Sendable {
    /// Pings one workload may send at once before the sustained `ping_rate` applies.
    package static let pingBurst = 100.0

    /// What the watcher's HTTP server allows a client, so held-open or dribbling connections cannot
    /// exhaust its file descriptors and take `/health/live`, the ping API and the status page with them.
    package struct ServerLimits: Sendable {
        /// A connection must send a complete request head within this of connecting or of its last answer. Default 10 s.
        package var requestHead: Duration = .seconds(10)
        /// A connection idle this long is closed. Default 60 s.
        package var idle: Duration = .seconds(60)
        /// Connections open at once; more wait in the listen backlog. Default 512.
        package var connections = 512

        package init() {}
    }

    /// The HTTP server.
    package let application: Application<RouterResponder<BasicRequestContext>>
    /// One evaluation cycle, for driving a manual clock.
    package let evaluator: Evaluator
    /// One delivery pass, for driving a manual clock.
    package let notifier: Notifier
    /// What the status page and API show; set by each evaluation.
    package let latest: LatestEvaluation
    /// Probes and scrapes, and what they saw.
    package let observer: Observer
    let evaluation: EvaluationService
    let notifierService: NotifierService

    /// The server, the prober and scraper, the evaluation loop and the notifier, to run together.
    package var services: [any Service] { [self.application, self.observer.service, self.evaluation, self.notifierService] }

    /// Registers the spec's workloads in the store (tokens generated on first start) and wires the parts.
    package init(
        spec: Spec,
        store: any WatchStore,
        signals: SignalRegistry,
        health: HealthRegistry,
        logger: Logger,
        time: WatcherTime = .system,
        limits: ServerLimits = ServerLimits(),
        resolver: InstanceResolver = .system
    ) async throws {
        let now = time.wall()
        let registered = try await store.register(
            spec.workloads.map { WorkloadRegistration(name: $0.name, token: $0.pings?.token?.value) },
            now: now
        )
        let byName = Dictionary(uniqueKeysWithValues: spec.workloads.map { ($0.name, $0) })
        let directory = TokenDirectory(
            entries: registered.compactMap { record in
                byName[record.name].map {
                    TokenDirectory.Entry(
                        name: record.name,
                        token: Array(record.token.utf8),
                        postOnly: $0.pings?.postOnly ?? false,
                        retention: $0.retention
                    )
                }
            },
            pingKey: spec.watcher.pingKey.map { Array($0.value.utf8) }
        )

        let metrics = WatcherMetrics(registry: signals.prometheus)
        let latest = LatestEvaluation()
        let observer = try await Observer(spec: spec, store: store, metrics: metrics, time: time, resolver: resolver, logger: logger)
        let evaluator = Evaluator(spec: spec, store: store, board: observer.board, logger: logger)
        let notifier = Notifier(spec: spec, store: store, metrics: metrics, logger: logger)
        let notifierService = NotifierService(notifier: notifier, time: time)
        self.evaluator = evaluator
        self.observer = observer
        self.notifier = notifier
        self.latest = latest
        self.notifierService = notifierService
        self.evaluation = EvaluationService(
            evaluator: evaluator,
            every: spec.watcher.evaluateEvery,
            metrics: metrics,
            latest: latest,
            heartbeat: spec.watcher.heartbeat?.value,
            time: time,
            logger: logger,
            onCommit: { notifierService.poke() }
        )

        // Ready only while the store takes writes: one that still reads but cannot commit (disk full, file
        // read-only, locked by another process) would acknowledge nothing, so traffic should go elsewhere.
        health.register("store", in: .readiness, timeout: .seconds(3)) {
            try await store.checkWritable(now: time.wall(), timeout: .seconds(2))
        }
        let router = Router()
        // Pings are stored one by one already; an access line each would double the work of the hottest path.
        router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: signals), quietPrefixes: ["/ping/"]))
        router.addVitalsRoutes(health: health, signals: signals)
        PingRoutes(
            store: store,
            directory: directory,
            limiter: PingRateLimiter(rate: spec.watcher.pingRate, burst: Self.pingBurst),
            metrics: PingMetrics(registry: signals.prometheus)
        ).add(to: router)
        let status = StatusReader(spec: spec, store: store, latest: latest)
        let access = Access(settings: spec.watcher)
        APIRoutes(spec: spec, store: store, status: status, access: access).add(to: router)
        StatusPage(
            status: status,
            access: access,
            view: StatusView(title: "Vitals", evaluateEvery: spec.watcher.evaluateEvery, board: observer.board)
        ).add(to: router)

        let headTimeout = TimeAmount(limits.requestHead)
        self.application = Application(
            router: router,
            server: .http1(
                configuration: .init(additionalChannelHandlers: [RequestHeadTimeout(timeout: headTimeout)], idleTimeout: TimeAmount(limits.idle))
            ),
            configuration: .init(
                address: .hostname(spec.watcher.listen.host, port: spec.watcher.listen.port),
                serverName: "vitals",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.connections)
            ),
            onServerRunning: { _ in health.markStarted() },
            logger: logger
        )
    }
}
