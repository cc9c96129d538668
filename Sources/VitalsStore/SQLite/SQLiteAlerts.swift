import Foundation
import GRDB
import VitalsCore

/// Alert states and the notification outbox in SQLite, written together.
enum SQLiteAlerts {
    static func states(_ db: Database, decoder: AlertStateDecoder) throws -> [AlertKey: AlertState] {
        var rows: [(workload: String, diagnosis: String, state: String)] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT workload, diagnosis, state FROM alert_states")
        while let row = try cursor.next() { rows.append((row[0], row[1], (row[2] as String?) ?? "")) }
        return decoder.states(rows)
    }

    static func commit(states: [AlertKey: AlertState], evaluated: Set<String>, notifications: [OutboxEntry], now: Date, db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Prepared once per transaction, not parsed again for each of thousands of workloads.
        let delete = try db.cachedStatement(sql: "DELETE FROM alert_states WHERE workload = ?")
        for workload in evaluated { try delete.execute(arguments: [workload]) }
        let insert = try db.cachedStatement(sql: "INSERT INTO alert_states (workload, diagnosis, state) VALUES (?, ?, ?)")
        for (key, state) in states where evaluated.contains(key.workload) {
            try insert.execute(arguments: [key.workload, key.diagnosis.rawValue, String(decoding: try encoder.encode(state), as: UTF8.self)])
        }
        for entry in notifications {
            let notification = entry.notification
            try db.execute(
                sql: """
                    INSERT INTO outbox (channel, workload, diagnosis, event, severity, evidence, since, idempotency_key, created_at, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, idempotency_key) DO NOTHING
                    """,
                arguments: [
                    entry.channel, notification.key.workload, notification.key.diagnosis.rawValue, notification.event.rawValue,
                    notification.severity.rawValue,
                    notification.evidence, notification.since.timeIntervalSince1970, notification.idempotencyKey, now.timeIntervalSince1970,
                    now.timeIntervalSince1970,
                ]
            )
        }
    }

    static func queued(_ db: Database) throws -> [QueuedNotification] {
        try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE \(OutboxSQL.waiting) ORDER BY id").map(Self.queued)
    }

    static func lease(now: Date, until: Date, limit: Int, db: Database) throws -> [QueuedNotification] {
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT * FROM outbox WHERE \(OutboxSQL.waiting) AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?) ORDER BY id LIMIT ?",
            arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, limit]
        )
        let leased = rows.map(Self.queued)
        for item in leased {
            try db.execute(sql: "UPDATE outbox SET leased_until = ? WHERE id = ?", arguments: [until.timeIntervalSince1970, item.id])
        }
        return leased
    }

    static func settle(ids: [Int64], outcome: DeliveryOutcome, now: Date, db: Database) throws {
        for id in ids {
            switch outcome {
            case .delivered:
                try db.execute(
                    sql: "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, leased_until = NULL WHERE id = ?",
                    arguments: [now.timeIntervalSince1970, id]
                )
            case .retry(let at, let error):
                try db.execute(
                    sql: "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, leased_until = NULL WHERE id = ?",
                    arguments: [at.timeIntervalSince1970, error, id]
                )
            case .dropped(let error):
                try db.execute(
                    sql: "UPDATE outbox SET dropped_at = ?, attempts = attempts + 1, last_error = ?, leased_until = NULL WHERE id = ?",
                    arguments: [now.timeIntervalSince1970, error, id]
                )
            }
        }
    }

    static func summary(_ db: Database) throws -> OutboxSummary {
        let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM outbox WHERE \(OutboxSQL.waiting)")
        return OutboxSummary(depth: row?["depth"] ?? 0, oldest: (row?["oldest"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    private static func queued(_ row: Row) -> QueuedNotification {
        var notification = AlertNotification(
            key: AlertKey(workload: row["workload"], diagnosis: Diagnosis.ID(rawValue: row["diagnosis"])),
            event: AlertNotification.Event(rawValue: row["event"]) ?? .fire,
            severity: Severity(rawValue: row["severity"]) ?? .warning,
            evidence: row["evidence"],
            since: Date(timeIntervalSince1970: row["since"])
        )
        notification.idempotencyKey = row["idempotency_key"]  // as queued, whatever the format of the day
        return QueuedNotification(
            id: row["id"],
            channel: row["channel"],
            notification: notification,
            attempts: row["attempts"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            lastError: row["last_error"]
        )
    }
}

/// Silences in SQLite.
enum SQLiteSilences {
    static func add(_ silence: Silence, db: Database) throws -> Silence {
        try db.execute(
            sql: "INSERT INTO silences (workload, diagnosis, starts_at, ends_at, comment, created_by) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                silence.workload, silence.diagnosis?.rawValue, silence.startsAt.timeIntervalSince1970, silence.endsAt.timeIntervalSince1970,
                silence.comment, silence.createdBy,
            ]
        )
        var stored = silence
        stored.id = db.lastInsertedRowID
        return stored
    }

    static func endingAfter(_ now: Date, db: Database) throws -> [Silence] {
        try Row.fetchAll(db, sql: "SELECT * FROM silences WHERE ends_at > ? ORDER BY starts_at, id", arguments: [now.timeIntervalSince1970]).map {
            row in
            Silence(
                id: row["id"],
                workload: row["workload"],
                diagnosis: (row["diagnosis"] as String?).map(Diagnosis.ID.init(rawValue:)),
                startsAt: Date(timeIntervalSince1970: row["starts_at"]),
                endsAt: Date(timeIntervalSince1970: row["ends_at"]),
                comment: row["comment"],
                createdBy: row["created_by"]
            )
        }
    }

    static func end(id: Int64, now: Date, db: Database) throws -> Bool {
        try db.execute(
            sql: "UPDATE silences SET ends_at = ? WHERE id = ? AND ends_at > ?",
            arguments: [now.timeIntervalSince1970, id, now.timeIntervalSince1970]
        )
        return db.changesCount > 0
    }
}
