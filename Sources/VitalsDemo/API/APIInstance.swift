import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// One instance of the Orders API on its own port, with its own signals and health, as one replica of a
/// deployment: a `stopped` fault closes its port (the replica scaled down) and clearing it opens it again.
struct APIInstance: Service {
    /// 1 for the first.
    let number: Int
    let faults: Faults
    let logger: Logger
    /// The version it runs until a deploy changes it.
    let baseVersion: String
    /// A new server each time the instance starts (a Hummingbird server runs once), with fresh counters,
    /// running `version`; `startTime` is when a deploy restarted it into that version (nil before any), so
    /// only deploys look like new processes, not a replica stopped and started again.
    let makeServer: @Sendable (_ version: String, _ startTime: Double?) -> any Service
    /// Paces the look at the fault switchboard.
    let clock: any Clock<Duration>

    /// The server running now, and whether the demo is shutting down.
    private final class Lifecycle: Sendable {
        private let state = Mutex<(running: ServiceGroup?, shuttingDown: Bool)>((nil, false))

        var shuttingDown: Bool { self.state.withLock { $0.shuttingDown } }

        /// Makes `group` the running one, unless the demo is shutting down.
        func start(_ group: ServiceGroup) -> Bool {
            self.state.withLock { state in
                guard !state.shuttingDown else { return false }
                state.running = group
                return true
            }
        }

        func stopped() { self.state.withLock { $0.running = nil } }

        /// Marks the shutdown; returns the server to stop.
        func shutDown() -> ServiceGroup? {
            self.state.withLock { state in
                state.shuttingDown = true
                return state.running
            }
        }
    }

    func run() async throws {
        let lifecycle = Lifecycle()
        // The demo's shutdown reaches the server as a graceful shutdown too, so open requests finish.
        await withGracefulShutdownHandler {
            var deployed: (version: String, at: Double)?
            while true {
                await self.wait(until: { !$0.stopped.contains(self.number) }, unless: lifecycle)
                let version = self.faults.current.deploy ?? self.baseVersion
                if version != (deployed?.version ?? self.baseVersion) { deployed = (version, Date().timeIntervalSince1970) }
                let server = self.makeServer(version, deployed?.at)
                let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: self.logger))
                guard lifecycle.start(group) else { return }
                await withTaskGroup(of: Void.self) { tasks in
                    tasks.addTask {
                        do {
                            try await group.run()
                        } catch {
                            self.logger.error("API instance failed", metadata: ["instance": "\(self.number)", "error": "\(error)"])
                            try? await self.clock.sleep(for: .seconds(1))
                        }
                    }
                    tasks.addTask {
                        await self.wait(
                            until: { $0.stopped.contains(self.number) || ($0.deploy ?? self.baseVersion) != version },
                            unless: lifecycle
                        )
                        if !lifecycle.shuttingDown, self.faults.current.stopped.contains(self.number) {
                            self.logger.warning("API instance stopped", metadata: ["instance": "\(self.number)"])
                        } else if !lifecycle.shuttingDown {
                            // A rolling deploy: instance n restarts 3 s after instance n - 1, so the others keep serving.
                            try? await self.clock.sleep(for: .seconds(3 * (self.number - 1)))
                            self.logger.notice(
                                "API instance restarting into a new version",
                                metadata: ["instance": "\(self.number)", "version": "\(self.faults.current.deploy ?? self.baseVersion)"]
                            )
                        }
                        await group.triggerGracefulShutdown()
                    }
                    await tasks.waitForAll()
                }
                lifecycle.stopped()
            }
        } onGracefulShutdown: {
            if let group = lifecycle.shutDown() { Task { await group.triggerGracefulShutdown() } }
        }
    }

    /// Returns once `condition` holds for the injected faults, or the demo shuts down.
    private func wait(until condition: (FaultState) -> Bool, unless lifecycle: Lifecycle) async {
        while !lifecycle.shuttingDown, !condition(self.faults.current) {
            try? await self.clock.sleep(for: .milliseconds(100))
        }
    }
}
