import Foundation
import Logging
import PostgresNIO
import VitalsCore

/// Alert states and the outbox in PostgreSQL, written together; the same rules as ``SQLiteAlerts``.
enum PostgresAlerts {
    static let columns = "id, channel, workload, diagnosis, event, severity, evidence, since, idempotency_key, attempts, created_at, last_error"

    static func states(_ client: PostgresClient, logger: Logger) async throws -> [AlertKey: AlertState] {
        let decoder = JSONDecoder()
        var states: [AlertKey: AlertState] = [:]
        for try await (workload, diagnosis, state) in try await client.query("SELECT workload, diagnosis, state FROM alert_states", logger: logger)
            .decode((String, String, String).self)
        {
            // A row this version cannot read is skipped, not fatal (see SQLiteAlerts).
            states[AlertKey(workload: workload, diagnosis: Diagnosis.ID(rawValue: diagnosis))] = try? decoder.decode(
                AlertState.self,
                from: Data(state.utf8)
            )
        }
        return states
    }

    static func commit(
        states: [AlertKey: AlertState],
        evaluated: Set<String>,
        notifications: [OutboxEntry],
        now: Date,
        connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for workload in evaluated.sorted() {
            try await connection.query("DELETE FROM alert_states WHERE workload = \(workload)", logger: logger)
        }
        for (key, state) in states where evaluated.contains(key.workload) {
            let json = String(decoding: try encoder.encode(state), as: UTF8.self)
            try await connection.query(
                "INSERT INTO alert_states (workload, diagnosis, state) VALUES (\(key.workload), \(key.diagnosis.rawValue), \(json))",
                logger: logger
            )
        }
        for entry in notifications {
            let notification = entry.notification
            try await connection.query(
                """
                INSERT INTO outbox (channel, workload, diagnosis, event, severity, evidence, since, idempotency_key, created_at, next_attempt_at)
                VALUES (\(entry.channel), \(notification.key.workload), \(notification.key.diagnosis.rawValue), \(notification.event.rawValue),
                        \(notification.severity.rawValue), \(notification.evidence), \(notification.since.timeIntervalSince1970),
                        \(notification.idempotencyKey), \(now.timeIntervalSince1970), \(now.timeIntervalSince1970))
                ON CONFLICT (channel, idempotency_key) DO NOTHING
                """,
                logger: logger
            )
        }
    }

    /// Rows selected with ``columns``.
    static func queued(_ rows: PostgresRowSequence) async throws -> [QueuedNotification] {
        var queued: [QueuedNotification] = []
        for try await (id, channel, workload, diagnosis, event, severity, evidence, since, key, attempts, created, error)
            in rows.decode((Int64, String, String, String, String, String, String, Double, String, Int, Double, String?).self)
        {
            var notification = AlertNotification(
                key: AlertKey(workload: workload, diagnosis: Diagnosis.ID(rawValue: diagnosis)),
                event: AlertNotification.Event(rawValue: event) ?? .fire,
                severity: Severity(rawValue: severity) ?? .warning,
                evidence: evidence,
                since: Date(timeIntervalSince1970: since)
            )
            notification.idempotencyKey = key
            queued.append(
                QueuedNotification(
                    id: id,
                    channel: channel,
                    notification: notification,
                    attempts: attempts,
                    createdAt: Date(timeIntervalSince1970: created),
                    lastError: error
                )
            )
        }
        return queued
    }
}
