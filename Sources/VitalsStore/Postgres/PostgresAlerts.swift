import Foundation
import Logging
import PostgresNIO
import VitalsCore

/// Alert states and the outbox in PostgreSQL, written together; the same rules as ``SQLiteAlerts``.
enum PostgresAlerts {
    static let columns = "id, channel, workload, diagnosis, event, severity, evidence, since, idempotency_key, attempts, created_at, last_error"

    static func states(_ client: PostgresClient, decoder: AlertStateDecoder, logger: Logger) async throws -> [AlertKey: AlertState] {
        var rows: [(workload: String, diagnosis: String, state: String)] = []
        for try await row in try await client.query("SELECT workload, diagnosis, state FROM alert_states", logger: logger)
            .decode((String, String, String).self)
        {
            rows.append(row)
        }
        return decoder.states(rows)
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
        // Two statements whatever the number of workloads: one round trip per workload made a cycle over
        // 10,000 of them take seconds.
        let workloads = evaluated.sorted()
        try await connection.query("DELETE FROM alert_states WHERE workload = ANY(\(workloads)::text[])", logger: logger)
        var names: [String] = []
        var diagnoses: [String] = []
        var documents: [String] = []
        for (key, state) in states where evaluated.contains(key.workload) {
            names.append(key.workload)
            diagnoses.append(key.diagnosis.rawValue)
            documents.append(String(decoding: try encoder.encode(state), as: UTF8.self))
        }
        if !names.isEmpty {
            try await connection.query(
                "INSERT INTO alert_states (workload, diagnosis, state) SELECT * FROM unnest(\(names)::text[], \(diagnoses)::text[], \(documents)::text[])",
                logger: logger
            )
        }
        guard !notifications.isEmpty else { return }
        // One statement for the cycle's notifications too: a first cycle over a fleet can fire thousands.
        let rows = notifications.map(\.notification)
        try await connection.query(
            """
            INSERT INTO outbox (channel, workload, diagnosis, event, severity, evidence, since, idempotency_key, created_at, next_attempt_at)
            SELECT channel, workload, diagnosis, event, severity, evidence, since, idempotency_key, \(now.timeIntervalSince1970), \(now.timeIntervalSince1970)
            FROM unnest(\(notifications.map(\.channel))::text[], \(rows.map(\.key.workload))::text[], \(rows.map(\.key.diagnosis.rawValue))::text[],
                        \(rows.map(\.event.rawValue))::text[], \(rows.map(\.severity.rawValue))::text[], \(rows.map(\.evidence))::text[],
                        \(rows.map(\.since.timeIntervalSince1970))::float8[], \(rows.map(\.idempotencyKey))::text[])
                 AS n(channel, workload, diagnosis, event, severity, evidence, since, idempotency_key)
            ON CONFLICT (channel, idempotency_key) DO NOTHING
            """,
            logger: logger
        )
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
