package import Foundation
import GRDB
import Synchronization
import VitalsBase
package import VitalsCore

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a committed write
/// survives a crash or power loss, and immediate write transactions behind a busy timeout.
///
/// Every write waits at most ``busyTimeout`` for a lock held by another process, so a locked file makes
/// pings fail fast (503, nothing stored) and background writes retry on their next round, rather than
/// queueing callers for tens of seconds.
package final class SQLiteStore: WatchStore {
    let pool: DatabasePool
    private let pings: GroupCommit<PendingPing>
    private let alertStateDecoder = AlertStateDecoder()

    struct PendingPing: Sendable {
        let ping: Ping
        let workload: String
        let retention: Int
    }

    /// How long a write waits for a lock another process holds, and a ping for its commit. Default 2 s.
    package static let busyTimeout: Duration = .seconds(2)

    /// Opens (creating if needed) the database at `path` and migrates it. Refuses a file or folder this
    /// process cannot write: SQLite would open it read-only, and every ping would fail until a restart.
    package init(path: String, clock: some Clock<Duration> = ContinuousClock()) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        for (what, file) in [("file", path), ("folder", directory.isEmpty ? "." : directory)] where FileManager.default.fileExists(atPath: file) {
            guard FileManager.default.isWritableFile(atPath: file) else {
                throw StoreError(
                    "the SQLite \(what) \(file) is read-only for this process; make it writable (chmod u+w) or choose another storage path"
                )
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout.inSeconds)
        configuration.prepareDatabase { db in
            // FULL: a commit is fsynced before it returns, which is what a 2xx to a ping promises.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(pool)
        let trimCounter = TrimCounter()
        self.pool = pool
        self.pings = GroupCommit(timeout: Self.busyTimeout, clock: AnyClock(clock)) { batch in
            try await pool.write { db in
                for item in batch {
                    try SQLiteRuns.insert(item.ping, workload: item.workload, db: db)
                    try SQLiteRuns.apply(item.ping, workload: item.workload, db: db)
                }
                // Trimming walks `retention` index entries, so it runs about once per `retention / 10`
                // pings of a workload: the bound is kept within 10 %, at a cost that does not grow with it.
                for (workload, retention) in Dictionary(batch.map { ($0.workload, $0.retention) }, uniquingKeysWith: min)
                where trimCounter.due(workload, every: max(1, retention / 10), adding: batch.count { $0.workload == workload }) {
                    try SQLiteRuns.trim(workload: workload, keep: retention, db: db)
                }
            }
        }
    }

    package func register(_ workloads: [WorkloadRegistration], now: Date) async throws -> [WorkloadRecord] {
        try await self.pool.write { db in
            for workload in workloads {
                let existing = try String.fetchOne(db, sql: "SELECT token FROM workloads WHERE name = ?", arguments: [workload.name])
                switch (existing, workload.token) {
                case (nil, let token):
                    try db.execute(
                        sql: "INSERT INTO workloads (name, token, watching_since) VALUES (?, ?, ?)",
                        arguments: [workload.name, token ?? TokenGenerator.make(), now.timeIntervalSince1970]
                    )
                case (let stored?, let token?) where stored != token:
                    try db.execute(sql: "UPDATE workloads SET token = ? WHERE name = ?", arguments: [token, workload.name])
                default:
                    break
                }
            }
            return try Self.workloads(db)
        }
    }

    package func workloads() async throws -> [WorkloadRecord] {
        try await self.pool.read { db in try Self.workloads(db) }
    }

    private static func workloads(_ db: Database) throws -> [WorkloadRecord] {
        // Columns by position (see SQLiteRuns.fetch).
        var records: [WorkloadRecord] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT name, token, watching_since FROM workloads ORDER BY name")
        while let row = try rows.next() {
            records.append(WorkloadRecord(name: row[0], token: row[1], watchingSince: Date(timeIntervalSince1970: row[2])))
        }
        return records
    }

    /// Concurrent pings share one transaction (group commit); each call returns once its ping is committed.
    package func record(_ ping: Ping, workload: String, retention: Int) async throws {
        try await self.pings.submit(PendingPing(ping: ping, workload: workload, retention: retention))
    }

    package func runs(workload: String, limit: Int) async throws -> [JobRunRecord] {
        try await self.pool.read { db in try SQLiteRuns.fetch(workload: workload, limit: limit, db: db).map(\.record) }
    }

    package func lastPing(workload: String) async throws -> Date? {
        try await self.pool.read { db in
            try Double.fetchOne(db, sql: "SELECT received_at FROM pings WHERE workload = ? ORDER BY id DESC LIMIT 1", arguments: [workload])
                .map { Date(timeIntervalSince1970: $0) }
        }
    }

    package func runs(workloads: [String], limit: Int) async throws -> [String: [JobRunRecord]] {
        try await self.pool.read { db in
            var runs: [String: [JobRunRecord]] = [:]
            for workload in workloads {
                runs[workload] = try SQLiteRuns.fetch(workload: workload, limit: limit, quotedLogOnly: true, db: db).map(\.record)
            }
            return runs
        }
    }

    package func lastPings(workloads: [String]) async throws -> [String: Date] {
        try await self.pool.read { db in
            // The index on (workload, id) answers each with one seek.
            let statement = try db.cachedStatement(sql: "SELECT received_at FROM pings WHERE workload = ? ORDER BY id DESC LIMIT 1")
            var last: [String: Date] = [:]
            for workload in workloads {
                if let seconds = try Double.fetchOne(statement, arguments: [workload]) { last[workload] = Date(timeIntervalSince1970: seconds) }
            }
            return last
        }
    }

    package func pingCount(workload: String) async throws -> Int {
        try await self.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pings WHERE workload = ?", arguments: [workload]) ?? 0
        }
    }

    package func alertStates() async throws -> [AlertKey: AlertState] {
        try await self.pool.read { db in try SQLiteAlerts.states(db, decoder: self.alertStateDecoder) }
    }

    package func commit(states: [AlertKey: AlertState], evaluated: Set<String>, notifications: [OutboxEntry], now: Date) async throws {
        try await self.pool.write { db in
            try SQLiteAlerts.commit(states: states, evaluated: evaluated, notifications: notifications, now: now, db: db)
        }
    }

    package func queuedNotifications() async throws -> [QueuedNotification] {
        try await self.pool.read { db in try SQLiteAlerts.queued(db) }
    }

    package func leaseNotifications(now: Date, leaseFor: Duration, limit: Int) async throws -> [QueuedNotification] {
        try await self.pool.write { db in
            try SQLiteAlerts.lease(now: now, until: now.addingTimeInterval(leaseFor.inSeconds), limit: limit, db: db)
        }
    }

    package func settleNotifications(ids: [Int64], outcome: DeliveryOutcome, now: Date) async throws {
        try await self.pool.write { db in try SQLiteAlerts.settle(ids: ids, outcome: outcome, now: now, db: db) }
    }

    package func outboxSummary() async throws -> OutboxSummary {
        try await self.pool.read { db in try SQLiteAlerts.summary(db) }
    }

    package func addSilence(_ silence: Silence) async throws -> Silence {
        try await self.pool.write { db in try SQLiteSilences.add(silence, db: db) }
    }

    package func silences(endingAfter now: Date) async throws -> [Silence] {
        try await self.pool.read { db in try SQLiteSilences.endingAfter(now, db: db) }
    }

    package func endSilence(id: Int64, now: Date) async throws -> Bool {
        try await self.pool.write { db in try SQLiteSilences.end(id: id, now: now, db: db) }
    }

    package func recordRollups(_ rollups: [StoredRollup], forgetBefore: Int64) async throws {
        try await self.pool.write { db in
            for stored in rollups {
                try db.execute(
                    sql:
                        "INSERT INTO rollups (workload, minute, data) VALUES (?, ?, ?) ON CONFLICT (workload, minute) DO UPDATE SET data = excluded.data",
                    arguments: [stored.workload, stored.rollup.minute, try RollupCoding.encode(stored.rollup)]
                )
            }
            try db.execute(sql: "DELETE FROM rollups WHERE minute < ?", arguments: [forgetBefore])
        }
    }

    package func rollups(workload: String, since: Int64) async throws -> [MinuteRollup] {
        try await self.pool.read { db in
            try String.fetchAll(db, sql: "SELECT data FROM rollups WHERE workload = ? AND minute >= ? ORDER BY minute", arguments: [workload, since])
                .compactMap { try? RollupCoding.decode($0) }  // an unreadable minute is a gap, not a failed start
        }
    }

    /// One watcher process owns an SQLite file, so there is no one to take turns with.
    package func whileEvaluating<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result? {
        try await body()
    }

    package func checkWritable(now: Date, timeout: Duration) async throws {
        try await Deadline.within(timeout) {
            try await self.pool.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO store_checks (id, checked_at) VALUES (1, ?)", arguments: [now.timeIntervalSince1970])
            }
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    package func integrityCheck() async throws -> String {
        try await self.pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }
}

/// Counts pings per workload since its last trim.
final class TrimCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Adds `count` pings; true (and resets) once `every` have accumulated.
    func due(_ workload: String, every: Int, adding count: Int) -> Bool {
        self.counts.withLock { counts in
            let total = counts[workload, default: every] + count  // the first batch of a process trims
            if total >= every {
                counts[workload] = 0
                return true
            }
            counts[workload] = total
            return false
        }
    }
}
