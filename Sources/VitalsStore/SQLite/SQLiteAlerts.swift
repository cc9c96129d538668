import Foundation
import GRDB
import VitalsCore

/// Alert states and the notification outbox in SQLite, written together.
enum SQLiteAlerts {
    static func states(_ db: Database) throws -> [AlertKey: AlertState] {
        let decoder = JSONDecoder()
        var states: [AlertKey: AlertState] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT workload, diagnosis, state FROM alert_states") {
            let key = AlertKey(workload: row["workload"], diagnosis: Diagnosis.ID(rawValue: row["diagnosis"]))
            states[key] = try decoder.decode(AlertState.self, from: Data((row["state"] as String).utf8))
        }
        return states
    }

    static func commit(states: [AlertKey: AlertState], evaluated: Set<String>, actions: [AlertAction], now: Date, db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for workload in evaluated {
            try db.execute(sql: "DELETE FROM alert_states WHERE workload = ?", arguments: [workload])
        }
        for (key, state) in states where evaluated.contains(key.workload) {
            try db.execute(
                sql: "INSERT INTO alert_states (workload, diagnosis, state) VALUES (?, ?, ?)",
                arguments: [key.workload, key.diagnosis, String(decoding: try encoder.encode(state), as: UTF8.self)])
        }
        for action in actions {
            let (key, event, severity, evidence, since): (AlertKey, String, Severity, String, Date) = switch action {
            case .fire(let key, let severity, let evidence, let since): (key, "fire", severity, evidence, since)
            case .resolve(let key, let severity, let evidence, let firedAt): (key, "resolve", severity, evidence, firedAt)
            }
            // The same episode and event always get the same key: a receiver can drop a duplicate delivery.
            let idempotencyKey = "\(key.workload)/\(key.diagnosis)/\(Int(since.timeIntervalSince1970))/\(event)"
            try db.execute(
                sql: """
                    INSERT INTO outbox (workload, diagnosis, event, severity, evidence, idempotency_key, created_at, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
                    """,
                arguments: [key.workload, key.diagnosis, event, severity.rawValue, evidence, idempotencyKey, now.timeIntervalSince1970, now.timeIntervalSince1970])
        }
    }

    static func queued(_ db: Database) throws -> [QueuedNotification] {
        try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id").map { row in
            QueuedNotification(
                id: row["id"], key: AlertKey(workload: row["workload"], diagnosis: Diagnosis.ID(rawValue: row["diagnosis"])),
                event: row["event"], severity: Severity(rawValue: row["severity"]) ?? .warning, evidence: row["evidence"],
                idempotencyKey: row["idempotency_key"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }
}
