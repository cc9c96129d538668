import GRDB

/// The SQLite schema, migrated forward on open.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE workloads (
                        name TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, watching_since REAL NOT NULL);
                    CREATE TABLE pings (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, workload TEXT NOT NULL, kind TEXT NOT NULL,
                        exit_status INTEGER, received_at REAL NOT NULL, run_id TEXT, records INTEGER, duration REAL, body TEXT);
                    CREATE INDEX pings_by_workload ON pings(workload, id);
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, workload TEXT NOT NULL, run_id TEXT,
                        started_at REAL, finished_at REAL, exit_status INTEGER, duration REAL, records INTEGER, log TEXT);
                    CREATE INDEX runs_by_workload ON runs(workload, id);
                    CREATE TABLE alert_states (
                        workload TEXT NOT NULL, diagnosis TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (workload, diagnosis));
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, workload TEXT NOT NULL, diagnosis TEXT NOT NULL, event TEXT NOT NULL,
                        severity TEXT NOT NULL, evidence TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, created_at REAL NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL NOT NULL, sent_at REAL);
                    """
            )
        }
        migrator.registerMigration("v2: open runs") { db in
            try db.execute(sql: "CREATE INDEX runs_open ON runs(workload, id) WHERE finished_at IS NULL")
        }
        migrator.registerMigration("v3: outbox per channel, leases, silences") { db in
            // One row per notification and channel, so each channel is delivered (and retried) on its
            // own; rows queued before channels were recorded keep an empty channel and are dropped with a reason.
            try db.execute(
                sql: """
                    CREATE TABLE outbox_v3 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, workload TEXT NOT NULL, diagnosis TEXT NOT NULL,
                        event TEXT NOT NULL, severity TEXT NOT NULL, evidence TEXT NOT NULL, since REAL NOT NULL,
                        idempotency_key TEXT NOT NULL, created_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at REAL NOT NULL, leased_until REAL, sent_at REAL, dropped_at REAL, last_error TEXT,
                        UNIQUE (channel, idempotency_key));
                    INSERT INTO outbox_v3 (id, channel, workload, diagnosis, event, severity, evidence, since, idempotency_key,
                                           created_at, attempts, next_attempt_at, sent_at)
                        SELECT id, '', workload, diagnosis, event, severity, evidence, created_at, idempotency_key,
                               created_at, attempts, next_attempt_at, sent_at FROM outbox;
                    DROP TABLE outbox;
                    ALTER TABLE outbox_v3 RENAME TO outbox;
                    CREATE INDEX outbox_waiting ON outbox(next_attempt_at) WHERE sent_at IS NULL AND dropped_at IS NULL;
                    CREATE TABLE silences (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, workload TEXT NOT NULL, diagnosis TEXT, starts_at REAL NOT NULL,
                        ends_at REAL NOT NULL, comment TEXT NOT NULL, created_by TEXT NOT NULL);
                    """
            )
        }
        migrator.registerMigration("v4: rollups") { db in
            try db.execute(
                sql: """
                    CREATE TABLE rollups (
                        workload TEXT NOT NULL, minute INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (workload, minute)) WITHOUT ROWID;
                    CREATE INDEX rollups_by_minute ON rollups(minute);
                    """
            )
        }
        migrator.registerMigration("v5: store checks") { db in
            // One row, rewritten by readiness: a commit that succeeds is the only proof the store takes writes.
            try db.execute(sql: "CREATE TABLE store_checks (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at REAL NOT NULL)")
        }
        migrator.registerMigration("v6: runs read from their index") { db in
            // Every cycle reads every job's newest runs. With a log beside them a row spills over its page,
            // so reading 20 runs read 20 pages; this index holds all the cycle reads but the newest log.
            try db.execute(
                sql: """
                    CREATE INDEX runs_summary ON runs(workload, id, run_id, started_at, finished_at, exit_status, duration, records);
                    DROP INDEX runs_by_workload;
                    """
            )
        }
        return migrator
    }
}
