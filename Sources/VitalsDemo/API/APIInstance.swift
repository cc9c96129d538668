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
    /// A new server each time the instance starts: a Hummingbird server runs once.
    let makeServer: @Sendable () -> any Service
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
            while true {
                await self.wait(until: { !$0.stopped.contains(self.number) }, unless: lifecycle)
                let group = ServiceGroup(configuration: .init(services: [.init(service: self.makeServer())], logger: self.logger))
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
                        await self.wait(until: { $0.stopped.contains(self.number) }, unless: lifecycle)
                        if !lifecycle.shuttingDown { self.logger.warning("API instance stopped", metadata: ["instance": "\(self.number)"]) }
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
