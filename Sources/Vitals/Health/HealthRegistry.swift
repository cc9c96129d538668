import Synchronization

/// Named health checks in groups, answered concurrently, each with its own timeout and a short cache.
///
/// ```swift
/// let health = HealthRegistry()
/// health.register("database", in: .readiness, timeout: .seconds(1)) { try await db.ping() }
/// // … once migrations ran and caches are warm:
/// health.markStarted()
/// ```
///
/// Readiness also fails before ``markStarted()`` and after ``markDraining()``, so a replica receives
/// traffic only between a completed start and the beginning of its shutdown.
public final class HealthRegistry: Sendable {
    /// Timeout for checks registered without one. Default 2 s.
    public let defaultTimeout: Duration
    /// How long a result is reused. Default 1 s: probes stay cheap when a dependency hangs.
    public let cacheTTL: Duration

    private let checks = Mutex<[HealthCheck]>([])
    private let lifecycle = Mutex(Lifecycle.starting)

    private enum Lifecycle { case starting, started, draining }

    /// A registry whose checks time out after `defaultTimeout` unless registered with their own, and whose results live `cacheTTL`.
    public init(defaultTimeout: Duration = .seconds(2), cacheTTL: Duration = .seconds(1)) {
        self.defaultTimeout = defaultTimeout
        self.cacheTTL = cacheTTL
    }

    /// Adds a check. It passes when `check` returns and fails when it throws or outlives `timeout`.
    /// Registering a name twice in one group replaces the earlier check.
    public func register(
        _ name: String,
        in group: HealthGroup,
        timeout: Duration? = nil,
        _ check: @escaping @Sendable () async throws -> Void
    ) {
        let check = HealthCheck(name: name, group: group, timeout: timeout ?? self.defaultTimeout, body: check)
        self.checks.withLock { checks in
            checks.removeAll { $0.name == name && $0.group == group }
            checks.append(check)
        }
    }

    /// Declares initialisation complete: startup passes and readiness may pass.
    public func markStarted() {
        self.lifecycle.withLock { if $0 == .starting { $0 = .started } }
    }

    /// Declares shutdown begun: readiness fails from now on so load balancers stop sending traffic.
    public func markDraining() {
        self.lifecycle.withLock { $0 = .draining }
    }

    /// Whether ``markStarted()`` was called.
    public var isStarted: Bool { self.lifecycle.withLock { $0 != .starting } }

    /// Runs (or reuses) every check of `group` concurrently and reports them together.
    public func report(_ group: HealthGroup) async -> HealthReport {
        let checks = self.checks.withLock { $0.filter { $0.group == group } }
        var results: [String: HealthCheckResult] = [:]
        await withTaskGroup(of: (String, HealthCheckResult).self) { tasks in
            for check in checks {
                tasks.addTask { (check.name, await check.result(ttl: self.cacheTTL)) }
            }
            for await (name, result) in tasks { results[name] = result }
        }
        let lifecycle = self.lifecycle.withLock { $0 }
        switch (group, lifecycle) {
        case (.startup, .starting), (.readiness, .starting):
            results["startup"] = HealthCheckResult(passed: false, durationMilliseconds: 0, error: "initialisation has not completed")
        case (.readiness, .draining):
            results["shutdown"] = HealthCheckResult(passed: false, durationMilliseconds: 0, error: "draining before shutdown")
        default: break
        }
        return HealthReport(group: group, checks: results)
    }
}
