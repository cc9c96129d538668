package import Foundation
package import VitalsCore

/// Everything the watcher persists, behind one protocol: SQLite for one watcher, PostgreSQL (next) for
/// several. Every write returns only after it is durable: a 2xx to a ping means the ping is stored.
package protocol WatchStore: Sendable {
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

    /// When the newest ping of any kind was stored (see `lastPings`).
    func lastPing(workload: String) async throws -> Date?

    /// The newest runs of each of `workloads`, newest first and at most `limit` each, in one read: an
    /// evaluation cycle asks for every job at once, and thousands of reads one after another cost more
    /// than the diagnoses. Workloads without runs map to an empty list. Only the run whose output evidence
    /// quotes carries its log tail (`JobRunRecord.quoted(in:)`): reading every run's would read up to
    /// 100 kB per run per cycle.
    func runs(workloads: [String], limit: Int) async throws -> [String: [JobRunRecord]]

    /// When the newest ping of each of `workloads` was stored, in one read; absent for those without
    /// any. "Newest" is the last one stored, not the largest timestamp: after the clock is set back,
    /// the ping that just arrived is the one that says the worker is alive.
    func lastPings(workloads: [String]) async throws -> [String: Date]

    /// Pings stored for a workload.
    func pingCount(workload: String) async throws -> Int

    /// The persisted alert states.
    func alertStates() async throws -> [AlertKey: AlertState]

    /// Replaces the alert states of the evaluated workloads and queues notifications, in one
    /// transaction: the outbox that makes a restart neither repeat nor lose a notification. An entry
    /// already queued (same channel and idempotency key) is not queued again.
    func commit(states: [AlertKey: AlertState], evaluated: Set<String>, notifications: [OutboxEntry], now: Date) async throws

    /// Notifications queued and neither delivered nor dropped, oldest first.
    func queuedNotifications() async throws -> [QueuedNotification]

    /// Claims up to `limit` queued notifications that are due and not claimed by another sender, until
    /// `now + leaseFor`. A sender that dies holding a lease only delays them by the lease.
    func leaseNotifications(now: Date, leaseFor: Duration, limit: Int) async throws -> [QueuedNotification]

    /// Records what became of a delivery attempt.
    func settleNotifications(ids: [Int64], outcome: DeliveryOutcome, now: Date) async throws

    /// How many notifications wait, and since when the oldest.
    func outboxSummary() async throws -> OutboxSummary

    /// Stores a silence and returns it with its id.
    func addSilence(_ silence: Silence) async throws -> Silence

    /// Silences that have not ended by `now`, including those yet to start.
    func silences(endingAfter now: Date) async throws -> [Silence]

    /// Ends a silence at `now`. False if there is none with this id or it had ended already.
    func endSilence(id: Int64, now: Date) async throws -> Bool

    /// Stores closed minute rollups of scraped signals (a minute written again keeps the newer) and forgets
    /// minutes before `forgetBefore` (minutes since the epoch).
    func recordRollups(_ rollups: [StoredRollup], forgetBefore: Int64) async throws

    /// A workload's rollups from minute `since` on, ascending.
    func rollups(workload: String, since: Int64) async throws -> [MinuteRollup]

    /// Commits a one-row write, within `timeout`: readiness asks this, since a store that still reads but
    /// cannot commit (disk full, file read-only, database locked) must not be reported ready.
    func checkWritable(now: Date, timeout: Duration) async throws

    /// Runs an evaluation cycle unless another watcher sharing the store is running one; nil then.
    /// One evaluator at a time is what keeps several watchers from notifying the same episode twice.
    func whileEvaluating<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result?
}

/// A minute rollup and the workload it belongs to.
package struct StoredRollup: Sendable, Hashable {
    package var workload: String
    package var rollup: MinuteRollup

    package init(workload: String, rollup: MinuteRollup) {
        self.workload = workload
        self.rollup = rollup
    }
}

/// Rollups are stored as JSON; histograms have a `+Inf` bound, which plain JSON cannot say.
enum RollupCoding {
    static func encode(_ rollup: MinuteRollup) throws -> String {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return String(decoding: try encoder.encode(rollup), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> MinuteRollup {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return try decoder.decode(MinuteRollup.self, from: Data(text.utf8))
    }
}

/// A notification bound for one channel.
package struct OutboxEntry: Sendable, Hashable {
    package var notification: AlertNotification
    /// The `notify:` channel's name.
    package var channel: String

    package init(notification: AlertNotification, channel: String) {
        self.notification = notification
        self.channel = channel
    }
}

/// A notification waiting in the outbox.
package struct QueuedNotification: Sendable, Hashable {
    package var id: Int64
    package var channel: String
    package var notification: AlertNotification
    /// Delivery attempts so far.
    package var attempts: Int
    package var createdAt: Date
    /// Why the last attempt failed.
    package var lastError: String?
}

/// What became of a delivery attempt.
package enum DeliveryOutcome: Sendable, Hashable {
    /// The receiver acknowledged it: never sent again.
    case delivered
    /// It failed and is due again at the given time.
    case retry(at: Date, error: String)
    /// It failed for good (the receiver refused it, or it is too old to matter): kept, never sent again.
    case dropped(error: String)
}

/// The outbox at a glance, for the watcher's own metrics.
package struct OutboxSummary: Sendable, Hashable {
    /// Notifications waiting.
    package var depth: Int
    /// When the oldest waiting one was queued.
    package var oldest: Date?

    package init(depth: Int, oldest: Date?) {
        self.depth = depth
        self.oldest = oldest
    }
}

/// A workload as the spec declares it, for ``WatchStore/register(_:now:)``.
package struct WorkloadRegistration: Sendable, Hashable {
    package var name: String
    /// A token from the spec; nil to keep the stored one or generate one.
    package var token: String?

    package init(name: String, token: String?) {
        self.name = name
        self.token = token
    }
}

/// A workload as stored.
package struct WorkloadRecord: Sendable, Hashable {
    package var name: String
    /// The ping token: `/ping/<token>`.
    package var token: String
    /// When the watcher first knew it: the reference for "no run seen yet".
    package var watchingSince: Date
}

/// SQL shared by both stores: the outbox rows still to deliver (neither sent nor given up on).
enum OutboxSQL {
    static let waiting = "sent_at IS NULL AND dropped_at IS NULL"
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
