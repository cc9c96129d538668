import Foundation
import Logging
import PostgresNIO
import VitalsCore

/// Pings and runs in PostgreSQL; the same rules as ``SQLiteRuns`` (``RunPairing`` decides).
enum PostgresRuns {
    static func insert(_ ping: Ping, workload: String, connection: PostgresConnection, logger: Logger) async throws {
        let (kind, status): (String, Int?) =
            switch ping.kind {
            case .start: ("start", nil)
            case .log: ("log", nil)
            case .finish(let exitStatus): ("finish", exitStatus)
            }
        try await connection.query(
            """
            INSERT INTO pings (workload, kind, exit_status, received_at, run_id, records, duration, body)
            VALUES (\(workload), \(kind), \(status), \(ping.receivedAt.timeIntervalSince1970), \(ping.runID), \(ping.records), \(ping.durationSeconds), \(ping.body))
            """,
            logger: logger
        )
    }

    static func apply(_ ping: Ping, workload: String, connection: PostgresConnection, logger: Logger) async throws {
        var runs: [(id: Int64, runID: String?, record: JobRunRecord)] = []
        // Pairing needs no log, and a run's log may be 100 kB: it is not read here.
        if ping.kind != .start {
            runs = try await self.fetch(workload: workload, limit: 50, openOnly: true, logTail: 0, connection: connection, logger: logger)
        }
        if runs.isEmpty, case .log = ping.kind {
            runs = try await self.fetch(workload: workload, limit: 1, logTail: 0, connection: connection, logger: logger)
        }
        switch RunPairing.apply(ping, to: runs.map { ($0.record, $0.runID) }) {
        case .open(let record, let runID):
            try await connection.query(
                """
                INSERT INTO runs (workload, run_id, started_at, finished_at, exit_status, duration, records, log)
                VALUES (\(workload), \(runID), \(record.startedAt?.timeIntervalSince1970), \(record.finishedAt?.timeIntervalSince1970),
                        \(record.exitStatus), \(record.durationSeconds), \(record.records), \(record.logTail))
                """,
                logger: logger
            )
        case .close(let index, let record):
            try await connection.query(
                """
                UPDATE runs SET finished_at = \(record.finishedAt?.timeIntervalSince1970), exit_status = \(record.exitStatus),
                    duration = \(record.durationSeconds), records = \(record.records), log = COALESCE(\(record.logTail), log)
                WHERE id = \(runs[index].id)
                """,
                logger: logger
            )
        case .log(let index):
            guard let index, let body = ping.body else { return }
            // Appended, then cut to its last `logLimit` characters: `/log` pings must not grow a run without bound.
            try await connection.query(
                "UPDATE runs SET log = right(COALESCE(log, '') || \(body), \(JobRunRecord.logLimit)::int) WHERE id = \(runs[index].id)",
                logger: logger
            )
        }
    }

    static func trim(workload: String, keep: Int, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM runs WHERE workload = \(workload) AND id <= (SELECT id FROM runs WHERE workload = \(workload) ORDER BY id DESC LIMIT 1 OFFSET \(keep))",
            logger: logger
        )
        try await connection.query(
            "DELETE FROM pings WHERE workload = \(workload) AND id <= (SELECT id FROM pings WHERE workload = \(workload) ORDER BY id DESC LIMIT 1 OFFSET \(keep))",
            logger: logger
        )
    }

    static func fetch(
        workload: String,
        limit: Int,
        openOnly: Bool = false,
        logTail: Int = JobRunRecord.logTailRead,
        connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(id: Int64, runID: String?, record: JobRunRecord)] {
        let open = openOnly ? "AND finished_at IS NULL" : ""
        let rows = try await connection.query(
            """
            SELECT id, run_id, started_at, finished_at, exit_status, duration, records,
                   CASE WHEN \(logTail)::int > 0 THEN right(log, \(logTail)::int) END FROM runs
            WHERE workload = \(workload) \(unescaped: open) ORDER BY id DESC LIMIT \(limit)
            """,
            logger: logger
        )
        var runs: [(id: Int64, runID: String?, record: JobRunRecord)] = []
        for try await (id, runID, started, finished, status, duration, records, log) in rows.decode(
            (Int64, String?, Double?, Double?, Int?, Double?, Int?, String?).self
        ) {
            runs.append((id, runID, Self.record(started, finished, status, duration, records, log)))
        }
        return runs
    }

    /// The newest runs of each of `workloads` in one query: per workload, one walk down the
    /// (workload, id) index, as `fetch` does for one, with only the log evidence quotes (see `JobRunRecord.quoted(in:)`).
    static func fetch(
        workloads: [String],
        limit: Int,
        logTail: Int = JobRunRecord.logTailRead,
        client: PostgresClient,
        logger: Logger
    ) async throws -> [String: [JobRunRecord]] {
        let rows = try await client.query(
            """
            SELECT w.name, r.started_at, r.finished_at, r.exit_status, r.duration, r.records, r.log
            FROM unnest(\(workloads)::text[]) AS w(name)
            CROSS JOIN LATERAL (
                SELECT id, started_at, finished_at, exit_status, duration, records,
                       CASE WHEN \(logTail)::int > 0 AND exit_status <> 0 AND id = (
                                SELECT MAX(id) FROM runs WHERE workload = w.name AND exit_status IS NOT NULL
                            ) THEN right(log, \(logTail)::int) END AS log
                FROM runs WHERE workload = w.name ORDER BY id DESC LIMIT \(limit)
            ) AS r
            ORDER BY w.name, r.id DESC
            """,
            logger: logger
        )
        var runs = Dictionary(workloads.map { ($0, [JobRunRecord]()) }, uniquingKeysWith: { first, _ in first })
        for try await (name, started, finished, status, duration, records, log) in rows.decode(
            (String, Double?, Double?, Int?, Double?, Int?, String?).self
        ) {
            runs[name, default: []].append(Self.record(started, finished, status, duration, records, log))
        }
        return runs
    }

    /// A run from the columns both reads select, in their order.
    private static func record(
        _ started: Double?,
        _ finished: Double?,
        _ status: Int?,
        _ duration: Double?,
        _ records: Int?,
        _ log: String?
    )
        -> JobRunRecord
    {
        JobRunRecord(storedStartedAt: started, finishedAt: finished, exitStatus: status, durationSeconds: duration, records: records, logTail: log)
    }
}
