import Foundation
package import Hummingbird
package import Logging
package import ServiceLifecycle
package import Vitals
import VitalsHummingbird

/// The Orders reference system: an API of several instances, a worker and a scheduled job, each with its
/// own signals, health and `/metrics`, as separate deployments would have them.
package struct OrdersDemo: Sendable {
    /// Where the demo listens and how it behaves.
    package struct Configuration: Sendable {
        /// Interface for every listener. Default `127.0.0.1`.
        package var host = "127.0.0.1"
        /// The first Orders API instance's port; the others follow on consecutive ports. Default 8080.
        package var apiPort = 8080
        /// Instances of the API, sharing the database. Default 2.
        package var apiInstances = 2
        /// The worker's probe and metrics port. Default 8090.
        package var workerPort = 8090
        /// The report job's metrics port. Default 8091.
        package var jobPort = 8091
        /// The payments service's port (charges, probes and metrics). Default 8092.
        package var paymentsPort = 8092
        /// Where the SQLite database lives. Default `.vitals/demo/orders.sqlite`.
        package var databasePath = ".vitals/demo/orders.sqlite"
        /// How often the report job runs. Default 30 s (daily in a real deployment).
        package var reportEvery: Duration = .seconds(30)
        /// Synthetic requests per second against the API; 0 turns the load off. Default 5.
        package var loadPerSecond: Double = 5
        /// Where the job pings its start and finish; `nil` for none.
        package var jobPing: PingTarget?
        /// The version the API instances run until `{"deploy": …}` deploys another.
        package var version = "1.4.2"

        package init() {}
    }

    /// One line per component, `name` and URL, in start order: the API's instances first.
    package let endpoints: [(name: String, url: String)]
    /// The API instances' base URLs, the first first.
    package let apiURLs: [String]
    /// The services to run in one `ServiceGroup`.
    package let services: [any Service]
    /// The fault switchboard, for tests and embedding.
    package let faults: Faults
    /// The database, for tests and embedding.
    package let database: OrdersDatabase
    /// Each component's signals, as its `/metrics` serves them (an API instance gets a new registry each
    /// time it starts, as a new process would).
    package let workerSignals: SignalRegistry, jobSignals: SignalRegistry, paymentsSignals: SignalRegistry

    package init(configuration: Configuration, logger: Logger) throws {
        let faults = Faults()
        let database = try OrdersDatabase(path: configuration.databasePath, faults: faults)
        let host = configuration.host

        let paymentsURL = "http://\(host):\(configuration.paymentsPort)"
        let (paymentsSignals, paymentsHealth) = (SignalRegistry(), HealthRegistry())
        let payments = Self.application(
            router: PaymentsService.router(faults: faults, health: paymentsHealth, signals: paymentsSignals),
            host: host,
            port: configuration.paymentsPort,
            health: paymentsHealth,
            logger: logger.with(component: "payments")
        )

        let count = max(1, configuration.apiInstances)
        let apiURLs = (0..<count).map { "http://\(host):\(configuration.apiPort + $0)" }
        let apis = (0..<count).map { index in
            let instanceLogger = logger.with(component: count == 1 ? "orders-api" : "orders-api[\(index + 1)]")
            return APIInstance(
                number: index + 1,
                faults: faults,
                logger: instanceLogger,
                baseVersion: configuration.version,
                makeServer: { version, startTime in
                    let (signals, health) = (SignalRegistry(), HealthRegistry())
                    signals.recordBuild(version: version, revision: "demo")
                    if let startTime { signals.recordProcessStart(startTime) }
                    return Self.application(
                        router: OrdersAPI.router(
                            database: database,
                            faults: faults,
                            health: health,
                            signals: signals,
                            paymentsURL: paymentsURL,
                            version: version,
                            instance: index + 1,
                            instances: count
                        ),
                        host: host,
                        port: configuration.apiPort + index,
                        health: health,
                        logger: instanceLogger
                    )
                },
                clock: ContinuousClock()
            )
        }

        let workerSignals = SignalRegistry()
        let workerHealth = HealthRegistry()
        workerHealth.register("database", in: .readiness, timeout: .seconds(1)) { try await database.ping() }
        let worker = OrderEventsWorker(
            database: database,
            faults: faults,
            monitor: WorkerMonitor(name: "orders-worker", signals: workerSignals),
            logger: logger.with(component: "orders-worker")
        )
        let workerEndpoint = Self.application(
            router: Self.probeRouter(health: workerHealth, signals: workerSignals),
            host: host,
            port: configuration.workerPort,
            health: workerHealth,
            logger: logger.with(component: "orders-worker")
        )

        let jobSignals = SignalRegistry()
        let jobHealth = HealthRegistry()
        let job = DailyReportJob(
            database: database,
            faults: faults,
            jobs: JobMonitor(signals: jobSignals, ping: configuration.jobPing, logger: logger.with(component: "daily-report")),
            period: configuration.reportEvery,
            logger: logger.with(component: "daily-report")
        )
        let jobEndpoint = Self.application(
            router: Self.probeRouter(health: jobHealth, signals: jobSignals),
            host: host,
            port: configuration.jobPort,
            health: jobHealth,
            logger: logger.with(component: "daily-report")
        )

        let load = SyntheticLoad(
            baseURLs: apiURLs,
            requestsPerSecond: configuration.loadPerSecond,
            faults: faults,
            logger: logger.with(component: "load")
        )

        self.faults = faults
        self.database = database
        (self.workerSignals, self.jobSignals, self.paymentsSignals) = (workerSignals, jobSignals, paymentsSignals)
        self.apiURLs = apiURLs
        self.endpoints =
            apiURLs.enumerated().map { (count == 1 ? "orders-api" : "orders-api[\($0.offset + 1)]", $0.element) } + [
                ("orders-worker", "http://\(host):\(configuration.workerPort)"),
                (DailyReportJob.name, "http://\(host):\(configuration.jobPort)"),
                ("payments", paymentsURL),
            ]
        self.services = [payments] + apis + [worker, workerEndpoint, job, jobEndpoint, load]
    }

    static func probeRouter(health: HealthRegistry, signals: SignalRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: signals)))
        router.addVitalsRoutes(health: health, signals: signals)
        return router
    }

    static func application(
        router: Router<BasicRequestContext>,
        host: String,
        port: Int,
        health: HealthRegistry,
        logger: Logger
    ) -> some Service {
        Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "vitals-demo"),
            onServerRunning: { _ in health.markStarted() },
            logger: logger
        )
    }
}

extension Logger {
    /// This logger with `component` metadata: the demo's parts share one process and one log stream.
    package func with(component: String) -> Logger {
        var logger = self
        logger[metadataKey: "component"] = .string(component)
        return logger
    }
}
