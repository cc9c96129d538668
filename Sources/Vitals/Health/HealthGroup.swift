/// The probe a health check answers to.
///
/// - ``liveness``: is the process itself able to work? Never depends on other services, because a
///   failing dependency must not make an orchestrator restart every replica at once.
/// - ``readiness``: can it serve traffic now? Critical dependencies belong here.
/// - ``startup``: has initialisation completed? Fails until ``HealthRegistry/markStarted()``.
public struct HealthGroup: Sendable, Hashable, CustomStringConvertible {
    private enum Backing: String, Hashable { case liveness, readiness, startup }
    private let backing: Backing

    /// Is the process itself able to work?
    public static let liveness = HealthGroup(backing: .liveness)
    /// Can it serve traffic now?
    public static let readiness = HealthGroup(backing: .readiness)
    /// Has initialisation completed?
    public static let startup = HealthGroup(backing: .startup)

    private init(backing: Backing) { self.backing = backing }
    /// `liveness`, `readiness` or `startup`.
    public var description: String { self.backing.rawValue }
}
