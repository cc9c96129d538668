package import Foundation
package import Logging
import PostgresNIO
package import ServiceLifecycle
import VitalsBase
package import VitalsCore

/// The shared store: PostgreSQL, for several watchers on one database. Pings are group-committed as in
/// SQLite; notifications are claimed with `FOR UPDATE SKIP LOCKED`, so each goes out once whichever
/// watcher sends it; evaluation is claimed with an advisory lock, so one watcher evaluates at a time.
///
/// The client's connections live in ``run()``, a ServiceLifecycle `Service` that the command runs beside
/// the watcher (``StoreOpener``), so they close in order at shutdown; ``prepare()`` checks the server and
/// migrates once it runs.
package final class PostgresStore: WatchStore, Service {
    let client: PostgresClient
    let logger: Logger
    let address: PostgresURL
    private let pings: GroupCommit<PendingPing>
    private let alertStateDecoder = AlertStateDecoder()

    struct PendingPing: Sendable {
        let ping: Ping
        let workload: String
        let retention: Int
    }

    /// A store on `url` (`postgres://user[:password]@host[:port]/database`); nothing is connected until
    /// ``run()`` runs and ``prepare()`` is called.
    package init(url: String, logger: Logger = Logger(label: "vitals.store"), clock: some Clock<Duration> = ContinuousClock()) throws {
        let address = try PostgresURL(url)
        let client = PostgresClient(configuration: address.client, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.address = address
        let trimCounter = TrimCounter()
        self.pings = GroupCommit(timeout: SQLiteStore.busyTimeout, clock: AnyClock(clock)) { batch in
            try await client.withTransaction(logger: logger) { connection in
                // Waiting on another watcher's lock must end before the ping's deadline does.
                try await connection.query("SET LOCAL lock_timeout = '2s'", logger: logger)
                // One writer per workload across watchers: pairing a finish with its start reads then writes.
                for workload in Set(batch.map(\.workload)).sorted() {
                    try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(workload)))", logger: logger)
                }
                for item in batch {
                    try await PostgresRuns.insert(item.ping, workload: item.workload, connection: connection, logger: logger)
                    try await PostgresRuns.apply(item.ping, workload: item.workload, connection: connection, logger: logger)
                }
                for (workload, retention) in Dictionary(batch.map { ($0.workload, $0.retention) }, uniquingKeysWith: min)
                where trimCounter.due(workload, every: max(1, retention / 10), adding: batch.count { $0.workload == workload }) {
                    try await PostgresRuns.trim(workload: workload, keep: retention, connection: connection, logger: logger)
                }
            }
        }
    }

    /// Runs the client's connections until cancelled or shut down.
    package func run() async throws {
        await cancelWhenGracefulShutdown { await self.client.run() }
    }

    /// Checks that the server answers as the URL says (a clear error otherwise) and migrates the schema.
    /// Needs ``run()`` running.
    package func prepare() async throws {
        try await self.address.probe(logger: self.logger)
        do {
            try await PostgresSchema.migrate(self.client, logger: self.logger)
        } catch {
            throw StoreError(
                "cannot prepare the PostgreSQL store at \(self.address.redacted): \((error as? PSQLError).map(PostgresURL.describe) ?? "\(error)")"
            )
        }
    }

    package func checkWritable(now: Date, timeout: Duration) async throws {
        let watcher = ProcessInfo.processInfo.hostName + "/" + String(ProcessInfo.processInfo.processIdentifier)
        try await Deadline.within(timeout) {
            try await self.client.query(
                """
                INSERT INTO store_checks (watcher, checked_at) VALUES (\(watcher), \(now.timeIntervalSince1970))
                ON CONFLICT (watcher) DO UPDATE SET checked_at = EXCLUDED.checked_at
                """,
                logger: self.logger
            )
        }
    }

    package func register(_ workloads: [WorkloadRegistration], now: Date) async throws -> [WorkloadRecord] {
        try await self.client.withTransaction(logger: self.logger) { connection in
            for workload in workloads {
                let token = workload.token ?? TokenGenerator.make()
                try await connection.query(
                    "INSERT INTO workloads (name, token, watching_since) VALUES (\(workload.name), \(token), \(now.timeIntervalSince1970)) ON CONFLICT (name) DO NOTHING",
                    logger: self.logger
                )
                if let configured = workload.token {
                    try await connection.query(
                        "UPDATE workloads SET token = \(configured) WHERE name = \(workload.name) AND token <> \(configured)",
                        logger: self.logger
                    )
                }
            }
        }
        return try await self.workloads()
    }

    package func workloads() async throws -> [WorkloadRecord] {
        var records: [WorkloadRecord] = []
        for try await (name, token, since) in try await self.client.query(
            "SELECT name, token, watching_since FROM workloads ORDER BY name",
            logger: self.logger
        )
        .decode((String, String, Double).self) {
            records.append(WorkloadRecord(name: name, token: token, watchingSince: Date(timeIntervalSince1970: since)))
        }
        return records
    }

    package func record(_ ping: Ping, workload: String, retention: Int) async throws {
        try await self.pings.submit(PendingPing(ping: ping, workload: workload, retention: retention))
    }

    package func runs(workload: String, limit: Int) async throws -> [JobRunRecord] {
        try await self.client.withConnection { connection in
            try await PostgresRuns.fetch(workload: workload, limit: limit, connection: connection, logger: self.logger).map(\.record)
        }
    }

    package func lastPing(workload: String) async throws -> Date? {
        let rows = try await self.client.query(
            "SELECT received_at FROM pings WHERE workload = \(workload) ORDER BY id DESC LIMIT 1",
            logger: self.logger
        )
        for try await value in rows.decode(Double?.self) { return value.map(Date.init(timeIntervalSince1970:)) }
        return nil
    }

    package func runs(workloads: [String], limit: Int) async throws -> [String: [JobRunRecord]] {
        try await PostgresRuns.fetch(workloads: workloads, limit: limit, client: self.client, logger: self.logger)
    }

    package func lastPings(workloads: [String]) async throws -> [String: Date] {
        // One query; per workload, one seek on the (workload, id) index.
        let rows = try await self.client.query(
            """
            SELECT w.name, p.received_at FROM unnest(\(workloads)::text[]) AS w(name)
            CROSS JOIN LATERAL (SELECT received_at FROM pings WHERE workload = w.name ORDER BY id DESC LIMIT 1) AS p
            """,
            logger: self.logger
        )
        var last: [String: Date] = [:]
        for try await (name, seconds) in rows.decode((String, Double).self) { last[name] = Date(timeIntervalSince1970: seconds) }
        return last
    }

    package func pingCount(workload: String) async throws -> Int {
        let rows = try await self.client.query("SELECT COUNT(*) FROM pings WHERE workload = \(workload)", logger: self.logger)
        for try await value in rows.decode(Int.self) { return value }
        return 0
    }

    package func alertStates() async throws -> [AlertKey: AlertState] {
        try await PostgresAlerts.states(self.client, decoder: self.alertStateDecoder, logger: self.logger)
    }

    package func commit(states: [AlertKey: AlertState], evaluated: Set<String>, notifications: [OutboxEntry], now: Date) async throws {
        try await self.client.withTransaction(logger: self.logger) { connection in
            try await PostgresAlerts.commit(
                states: states,
                evaluated: evaluated,
                notifications: notifications,
                now: now,
                connection: connection,
                logger: self.logger
            )
        }
    }

    package func queuedNotifications() async throws -> [QueuedNotification] {
        try await PostgresAlerts.queued(
            self.client.query(
                "SELECT \(unescaped: PostgresAlerts.columns) FROM outbox WHERE \(unescaped: OutboxSQL.waiting) ORDER BY id",
                logger: self.logger
            )
        )
    }

    package func leaseNotifications(now: Date, leaseFor: Duration, limit: Int) async throws -> [QueuedNotification] {
        let until = now.timeIntervalSince1970 + leaseFor.inSeconds
        let at = now.timeIntervalSince1970
        // SKIP LOCKED: two watchers leasing at once each get different rows, neither waits.
        let rows = try await self.client.query(
            """
            UPDATE outbox SET leased_until = \(until) WHERE id IN (
                SELECT id FROM outbox WHERE \(unescaped: OutboxSQL.waiting) AND next_attempt_at <= \(at)
                AND (leased_until IS NULL OR leased_until <= \(at)) ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: PostgresAlerts.columns)
            """,
            logger: self.logger
        )
        return try await PostgresAlerts.queued(rows).sorted { $0.id < $1.id }
    }

    package func settleNotifications(ids: [Int64], outcome: DeliveryOutcome, now: Date) async throws {
        let at = now.timeIntervalSince1970
        for id in ids {
            switch outcome {
            case .delivered:
                try await self.client.query(
                    "UPDATE outbox SET sent_at = \(at), attempts = attempts + 1, leased_until = NULL WHERE id = \(id)",
                    logger: self.logger
                )
            case .retry(let retryAt, let error):
                try await self.client.query(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = \(retryAt.timeIntervalSince1970), last_error = \(error), leased_until = NULL WHERE id = \(id)",
                    logger: self.logger
                )
            case .dropped(let error):
                try await self.client.query(
                    "UPDATE outbox SET dropped_at = \(at), attempts = attempts + 1, last_error = \(error), leased_until = NULL WHERE id = \(id)",
                    logger: self.logger
                )
            }
        }
    }

    package func outboxSummary() async throws -> OutboxSummary {
        let rows = try await self.client.query(
            "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE \(unescaped: OutboxSQL.waiting)",
            logger: self.logger
        )
        for try await (depth, oldest) in rows.decode((Int, Double?).self) {
            return OutboxSummary(depth: depth, oldest: oldest.map(Date.init(timeIntervalSince1970:)))
        }
        return OutboxSummary(depth: 0, oldest: nil)
    }

    package func addSilence(_ silence: Silence) async throws -> Silence {
        let rows = try await self.client.query(
            """
            INSERT INTO silences (workload, diagnosis, starts_at, ends_at, comment, created_by)
            VALUES (\(silence.workload), \(silence.diagnosis?.rawValue), \(silence.startsAt.timeIntervalSince1970), \(silence.endsAt.timeIntervalSince1970),
                    \(silence.comment), \(silence.createdBy)) RETURNING id
            """,
            logger: self.logger
        )
        var stored = silence
        for try await id in rows.decode(Int64.self) { stored.id = id }
        return stored
    }

    package func silences(endingAfter now: Date) async throws -> [Silence] {
        var silences: [Silence] = []
        let rows = try await self.client.query(
            "SELECT id, workload, diagnosis, starts_at, ends_at, comment, created_by FROM silences WHERE ends_at > \(now.timeIntervalSince1970) ORDER BY starts_at, id",
            logger: self.logger
        )
        for try await (id, workload, diagnosis, starts, ends, comment, by) in rows.decode(
            (Int64, String, String?, Double, Double, String, String).self
        ) {
            silences.append(
                Silence(
                    id: id,
                    workload: workload,
                    diagnosis: diagnosis.map(Diagnosis.ID.init(rawValue:)),
                    startsAt: Date(timeIntervalSince1970: starts),
                    endsAt: Date(timeIntervalSince1970: ends),
                    comment: comment,
                    createdBy: by
                )
            )
        }
        return silences
    }

    package func endSilence(id: Int64, now: Date) async throws -> Bool {
        let at = now.timeIntervalSince1970
        let rows = try await self.client.query(
            "UPDATE silences SET ends_at = \(at) WHERE id = \(id) AND ends_at > \(at) RETURNING id",
            logger: self.logger
        )
        for try await _ in rows.decode(Int64.self) { return true }
        return false
    }

    package func recordRollups(_ rollups: [StoredRollup], forgetBefore: Int64) async throws {
        let encoded = try rollups.map { ($0.workload, $0.rollup.minute, try RollupCoding.encode($0.rollup)) }
        try await self.client.withTransaction(logger: self.logger) { connection in
            // Several watchers scrape the same targets: the newest write of a minute wins, which is as good as any.
            for (workload, minute, data) in encoded {
                try await connection.query(
                    "INSERT INTO rollups (workload, minute, data) VALUES (\(workload), \(minute), \(data)) ON CONFLICT (workload, minute) DO UPDATE SET data = EXCLUDED.data",
                    logger: self.logger
                )
            }
            try await connection.query("DELETE FROM rollups WHERE minute < \(forgetBefore)", logger: self.logger)
        }
    }

    package func rollups(workload: String, since: Int64) async throws -> [MinuteRollup] {
        var rollups: [MinuteRollup] = []
        let rows = try await self.client.query(
            "SELECT data FROM rollups WHERE workload = \(workload) AND minute >= \(since) ORDER BY minute",
            logger: self.logger
        )
        for try await data in rows.decode(String.self) { if let rollup = try? RollupCoding.decode(data) { rollups.append(rollup) } }
        return rollups
    }

    package func whileEvaluating<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result? {
        // A session lock on one pooled connection, held while `body` runs on others: if another
        // watcher holds it, this one skips the cycle rather than evaluating (and notifying) twice.
        try await self.client.withConnection { connection in
            var acquired = false
            for try await value in try await connection.query("SELECT pg_try_advisory_lock(\(PostgresSchema.evaluationLock))", logger: self.logger)
                .decode(Bool.self)
            {
                acquired = value
            }
            guard acquired else { return nil }
            do {
                let result = try await body()
                try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.evaluationLock))", logger: self.logger)
                return result
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.evaluationLock))", logger: self.logger)
                throw error
            }
        }
    }
}
