import Logging
import PostgresNIO

/// The PostgreSQL schema, the same tables as SQLite's, migrated forward on open. Several watchers may
/// start at once: an advisory lock makes one of them migrate while the others wait.
enum PostgresSchema {
    static let migrations: [(version: Int, sql: [String])] = [
        (
            1,
            [
                "CREATE TABLE workloads (name TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, watching_since DOUBLE PRECISION NOT NULL)",
                """
                CREATE TABLE pings (
                    id BIGSERIAL PRIMARY KEY, workload TEXT NOT NULL, kind TEXT NOT NULL, exit_status INTEGER,
                    received_at DOUBLE PRECISION NOT NULL, run_id TEXT, records BIGINT, duration DOUBLE PRECISION, body TEXT)
                """,
                "CREATE INDEX pings_by_workload ON pings (workload, id)",
                """
                CREATE TABLE runs (
                    id BIGSERIAL PRIMARY KEY, workload TEXT NOT NULL, run_id TEXT, started_at DOUBLE PRECISION,
                    finished_at DOUBLE PRECISION, exit_status INTEGER, duration DOUBLE PRECISION, records BIGINT, log TEXT)
                """,
                "CREATE INDEX runs_by_workload ON runs (workload, id)",
                "CREATE INDEX runs_open ON runs (workload, id) WHERE finished_at IS NULL",
                "CREATE TABLE alert_states (workload TEXT NOT NULL, diagnosis TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (workload, diagnosis))",
                """
                CREATE TABLE outbox (
                    id BIGSERIAL PRIMARY KEY, channel TEXT NOT NULL, workload TEXT NOT NULL, diagnosis TEXT NOT NULL,
                    event TEXT NOT NULL, severity TEXT NOT NULL, evidence TEXT NOT NULL, since DOUBLE PRECISION NOT NULL,
                    idempotency_key TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at DOUBLE PRECISION NOT NULL, leased_until DOUBLE PRECISION, sent_at DOUBLE PRECISION,
                    dropped_at DOUBLE PRECISION, last_error TEXT, UNIQUE (channel, idempotency_key))
                """,
                "CREATE INDEX outbox_waiting ON outbox (next_attempt_at) WHERE sent_at IS NULL AND dropped_at IS NULL",
                """
                CREATE TABLE silences (
                    id BIGSERIAL PRIMARY KEY, workload TEXT NOT NULL, diagnosis TEXT, starts_at DOUBLE PRECISION NOT NULL,
                    ends_at DOUBLE PRECISION NOT NULL, comment TEXT NOT NULL, created_by TEXT NOT NULL)
                """,
            ]
        ),
        (
            2,
            [
                "CREATE TABLE rollups (workload TEXT NOT NULL, minute BIGINT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (workload, minute))",
                "CREATE INDEX rollups_by_minute ON rollups (minute)",
            ]
        ),
        (
            3,
            // One row per watcher, rewritten by readiness: a commit that succeeds proves the store takes writes.
            ["CREATE TABLE store_checks (watcher TEXT PRIMARY KEY, checked_at DOUBLE PRECISION NOT NULL)"]
        ),
    ]

    /// Advisory lock keys: arbitrary constants, shared by every watcher on the database.
    static let migrationLock: Int64 = 0x7669_7461_6c73_0001
    static let evaluationLock: Int64 = 0x7669_7461_6c73_0002

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS vitals_schema (version INTEGER PRIMARY KEY)", logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query("SELECT version FROM vitals_schema", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            for migration in Self.migrations where !applied.contains(migration.version) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO vitals_schema (version) VALUES (\(migration.version))", logger: logger)
            }
        }
    }
}
