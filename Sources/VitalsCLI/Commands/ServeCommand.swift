import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import Vitals
import VitalsCore
import VitalsStore
import VitalsWatcher

/// `vitals serve`: runs the watcher for a spec.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the watcher: the ping API, its own probes and metrics, over the spec's store."
    )

    @Option(help: "The spec file.") var config = "vitals.yml"

    func run() async throws {
        let spec = try SpecFile.load(self.config)
        var configuration = Vitals.Configuration()
        configuration.serviceName = "vitals-watcher"
        let vitals = try Vitals.bootstrap(configuration: configuration)
        let store = try await StoreOpener.open(spec.watcher.storage.value)
        let logger = Logger(label: "vitals.watcher")
        let watcher = try await Watcher(spec: spec, store: store, signals: Vitals.signals, health: Vitals.health, logger: logger)
        logger.notice("Watching", metadata: ["workloads": "\(spec.workloads.count)", "listen": "\(spec.watcher.listen)"])
        let group = ServiceGroup(
            configuration: .init(
                services: ([vitals] + watcher.services).map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

/// Opens the store a spec names.
enum StoreOpener {
    static func open(_ storage: String) async throws -> any WatchStore {
        if storage.hasPrefix("sqlite:") {
            let path = String(storage.dropFirst("sqlite:".count))
            do {
                return try SQLiteStore(path: path)
            } catch {
                throw CommandFailure.fail("cannot open the SQLite store at \(path): \(error)")
            }
        }
        do {
            return try await PostgresStore(url: storage, logger: Logger(label: "vitals.store"))
        } catch {
            throw CommandFailure.fail("\(error)")
        }
    }
}
