import Synchronization

/// The fault switchboard shared by the demo's API, database, worker and job.
public final class Faults: Sendable {
    private let state = Mutex(FaultState())

    public init() {}

    /// What is injected now.
    public var current: FaultState { self.state.withLock { $0 } }

    /// Replaces the injected faults.
    public func set(_ state: FaultState) { self.state.withLock { $0 = state } }

    /// Removes every fault.
    public func clear() { self.set(FaultState()) }
}
