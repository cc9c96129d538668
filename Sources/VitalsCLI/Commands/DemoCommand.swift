import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import Vitals
import VitalsCore
import VitalsDemo
import VitalsStore
import VitalsWatcher

/// `vitals demo`: runs the Orders reference system so anyone can watch its signals and play a game day.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the Orders reference system (API, worker, scheduled job) with fault injection.",
        discussion: """
            Inject faults while it runs, for example:
              curl -X POST localhost:8080/faults -d '{"db": "down"}'
              curl -X POST localhost:8080/faults -d '{"error_rate": 0.1, "latency_ms": 2000}'
              curl -X POST localhost:8080/faults -d '{"instance": 2, "error_rate": 0.5}'
              curl -X POST localhost:8080/faults -d '{"route": "POST /orders", "error_rate": 0.5}'
              curl -X POST localhost:8080/faults -d '{"instance": 2, "stopped": true}'
              curl -X POST localhost:8080/faults -d '{"load": 0}'
              curl -X POST localhost:8080/faults -d '{"db": "slow", "delay_ms": 1500}'
              curl -X POST localhost:8080/faults -d '{"payments": "failing"}'
              curl -X POST localhost:8080/faults -d '{"worker": "stall"}'
              curl -X POST localhost:8080/faults -d '{"job": "empty"}'    # then watch http://127.0.0.1:9100/
              curl -X DELETE localhost:8080/faults
            """
    )

    @Option(help: "Interface to listen on.") var host = "127.0.0.1"
    @Option(help: "Port of the first Orders API instance; the others follow on consecutive ports.") var apiPort = 8080
    @Option(help: "Instances of the Orders API, sharing its database (1-16).") var apiInstances = 2
    @Option(help: "Port of the worker's probes and metrics.") var workerPort = 8090
    @Option(help: "Port of the report job's metrics.") var jobPort = 8091
    @Option(help: "Port of the payments service the API charges new orders at.") var paymentsPort = 8092
    @Option(help: "Port of the watcher watching the report job (status page, pings).") var watcherPort = 9100
    @Option(help: "Directory for the demo's SQLite database.") var dataDir = ".vitals/demo"
    @Option(help: "How often the report job runs, e.g. 30s or 2m.") var reportEvery = "30s"
    @Option(help: "Synthetic requests per second against the API (0 for none).") var load: Double = 5
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "notice"

    func validate() throws {
        guard let every = DurationText.parse(self.reportEvery), every > .zero else {
            throw ValidationError("--report-every \(self.reportEvery) is not a duration; write it like 30s or 2m")
        }
        guard Logger.Level(rawValue: self.logLevel) != nil else {
            throw ValidationError("--log-level \(self.logLevel) is not one of trace, debug, info, notice, warning, error, critical")
        }
        guard (1...16).contains(self.apiInstances) else { throw ValidationError("--api-instances must be from 1 to 16") }
        let apiPorts = (0..<self.apiInstances).map { ("--api-port (instance \($0 + 1))", self.apiPort + $0) }
        let ports =
            apiPorts + [
                ("--worker-port", self.workerPort), ("--job-port", self.jobPort), ("--payments-port", self.paymentsPort),
                ("--watcher-port", self.watcherPort),
            ]
        for (name, port) in ports where !(1...65535).contains(port) {
            throw ValidationError("\(name) \(port) is not a TCP port (1-65535)")
        }
        guard Set(ports.map(\.1)).count == ports.count else {
            throw ValidationError(
                "the API's ports (\(self.apiPort)-\(self.apiPort + self.apiInstances - 1)), --worker-port, --job-port, --payments-port and --watcher-port must differ (got \(ports.map { String($0.1) }.joined(separator: ", ")))"
            )
        }
        guard self.load >= 0 else { throw ValidationError("--load must be 0 or more requests per second") }
    }

    func run() async throws {
        var vitalsConfiguration = Vitals.Configuration()
        vitalsConfiguration.serviceName = "vitals-demo"
        vitalsConfiguration.logFormat = .console
        vitalsConfiguration.logLevel = Logger.Level(rawValue: self.logLevel) ?? .notice
        let vitals = try Vitals.bootstrap(configuration: vitalsConfiguration)
        let logger = Logger(label: "vitals.demo")

        var configuration = OrdersDemo.Configuration()
        configuration.host = self.host
        configuration.apiPort = self.apiPort
        configuration.apiInstances = self.apiInstances
        configuration.workerPort = self.workerPort
        configuration.jobPort = self.jobPort
        configuration.paymentsPort = self.paymentsPort
        configuration.databasePath = "\(self.dataDir)/orders.sqlite"
        configuration.reportEvery = DurationText.parse(self.reportEvery) ?? .seconds(30)
        configuration.loadPerSecond = self.load
        configuration.jobPing = .slug(base: "http://\(self.host):\(self.watcherPort)", pingKey: DemoWatcherSpec.pingKey)
        for port in (0..<self.apiInstances).map({ self.apiPort + $0 }) + [self.workerPort, self.jobPort, self.paymentsPort, self.watcherPort] {
            try PortCheck.ensureFree(host: self.host, port: port)
        }
        let demo = try OrdersDemo(configuration: configuration, logger: logger)
        let (spec, specPath) = try DemoWatcherSpec.write(
            host: self.host,
            port: self.watcherPort,
            dataDir: self.dataDir,
            reportEvery: configuration.reportEvery,
            api: demo.apiURLs,
            worker: demo.endpoints[self.apiInstances].url
        )
        try await StoreOpener.withStore(spec.watcher.storage.value) { store in
            let watcher = try await Watcher(
                spec: spec,
                store: store,
                signals: SignalRegistry(),
                health: HealthRegistry(),
                logger: logger.with(component: "watcher")
            )

            // Written unbuffered: scripts and the README read these lines while the demo keeps running.
            var banner = demo.endpoints.map { "\($0.name): \($0.url)\n" }.joined()
            banner += "watcher: http://\(self.host):\(self.watcherPort)/   (status page; spec in \(specPath))\n"
            banner += "faults: \(demo.apiURLs[0])/faults   (Ctrl-C to stop)\n"
            FileHandle.standardOutput.write(Data(banner.utf8))

            let group = ServiceGroup(
                configuration: .init(
                    services: vitals.around(demo.services + watcher.services).map { .init(service: $0) },
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            try await group.run()
        }
    }
}
