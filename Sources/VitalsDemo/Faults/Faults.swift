import Synchronization

/// The fault switchboard shared by the demo's API, database, worker and job.
package final class Faults: Sendable {
    private let state = Mutex(FaultState())

    package init() {}

    /// What is injected now.
    package var current: FaultState { self.state.withLock { $0 } }

    /// Replaces the injected faults.
    package func set(_ state: FaultState) { self.state.withLock { $0 = state } }

    /// Removes every fault; the deployed version stays.
    package func clear() {
        self.state.withLock { state in
            let deploy = state.deploy
            state = FaultState()
            state.deploy = deploy
        }
    }
}
