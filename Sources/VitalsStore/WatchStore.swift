public import Foundation
public import VitalsCore

/// Everything the watcher persists, behind one protocol: SQLite for one watcher, PostgreSQL (next) for
/// several. Every write returns only after it is durable: a 2xx to a ping means the ping is stored.
public protocol WatchStore: Sendable {
    /// Makes sure every workload has a row, generating a 128-bit token for those without one and
    /// keeping `watchingSince` of those already known. Returns all of them.
    func register(_ workloads: [WorkloadRegistration], now: Date) async throws -> [WorkloadRecord]

    /// Every registered workload.
    func workloads() async throws -> [WorkloadRecord]

    /// Stores a ping and applies it to the workload's runs in one transaction, keeping at most
    /// `retention` runs and pings.
    func record(_ ping: Ping, workload: String, retention: Int) async throws

    /// The newest runs first.
    func runs(workload: String, limit: Int) async throws -> [JobRunRecord]

    /// When the newest ping of any kind arrived.
    func lastPing(workload: String) async throws -> Date?

    /// Pings stored for a workload.
    func pingCount(workload: String) async throws -> Int

    /// The persisted alert states.
    func alertStates() async throws -> [AlertKey: AlertState]

    /// Replaces the alert states of the evaluated workloads and queues the actions' notifications, in
    /// one transaction: the outbox that makes a restart neither repeat nor lose a notification.
    func commit(states: [AlertKey: AlertState], evaluated: Set<String>, actions: [AlertAction], now: Date) async throws

    /// Notifications queued and not yet delivered, oldest first.
    func queuedNotifications() async throws -> [QueuedNotification]
}

/// A workload as the spec declares it, for ``WatchStore/register(_:now:)``.
public struct WorkloadRegistration: Sendable, Hashable {
    public var name: String
    /// A token from the spec; nil to keep the stored one or generate one.
    public var token: String?

    public init(name: String, token: String?) {
        self.name = name
        self.token = token
    }
}

/// A workload as stored.
public struct WorkloadRecord: Sendable, Hashable {
    public var name: String
    /// The ping token: `/ping/<token>`.
    public var token: String
    /// When the watcher first knew it: the reference for "no run seen yet".
    public var watchingSince: Date
}

/// A notification waiting in the outbox.
public struct QueuedNotification: Sendable, Hashable {
    public var id: Int64
    public var key: AlertKey
    /// `fire` or `resolve`.
    public var event: String
    public var severity: Severity
    public var evidence: String
    /// Sent with every attempt, so receivers can drop duplicates.
    public var idempotencyKey: String
    public var createdAt: Date
}

/// 128 random bits as 32 hex characters.
enum TokenGenerator {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return [generator.next() as UInt64, generator.next() as UInt64].map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
