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
        let logger = Logger(label: "vitals.watcher")
        ResourceLimits.raiseOpenFiles(logger: logger)
        try await StoreOpener.withStore(spec.watcher.storage.value) { store in
            let watcher = try await Watcher(spec: spec, store: store, signals: Vitals.signals, health: Vitals.health, logger: logger)
            logger.notice("Watching", metadata: ["workloads": "\(spec.workloads.count)", "listen": "\(spec.watcher.listen)"])
            let group = ServiceGroup(
                configuration: .init(
                    services: vitals.around(watcher.services).map { .init(service: $0) },
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            try await group.run()
        }
    }
}

/// Opens the store a spec names, for as long as a command needs it.
enum StoreOpener {
    /// Runs `body` with the store. A PostgreSQL store's connections run in a child task beside `body`, and
    /// close after it, so the watcher's last writes (rollups, outbox) still reach the database at shutdown.
    static func withStore<T: Sendable>(_ storage: String, _ body: (any WatchStore) async throws -> T) async throws -> T {
        if storage.hasPrefix("sqlite:") {
            let path = String(storage.dropFirst("sqlite:".count))
            let store: SQLiteStore
            do {
                store = try SQLiteStore(path: path)
            } catch {
                throw CommandFailure.fail("cannot open the SQLite store at \(path): \(error)")
            }
            return try await body(store)
        }
        let store: PostgresStore
        do {
            store = try PostgresStore(url: storage, logger: Logger(label: "vitals.store"))
        } catch {
            throw CommandFailure.fail("\(error)")
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            do {
                try await store.prepare()
            } catch {
                throw CommandFailure.fail("\(error)")
            }
            return try await body(store)
        }
    }
}
