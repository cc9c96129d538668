import Foundation
import GRDB
import VitalsCore

/// Pings and runs in SQLite: the ping row and its effect on the runs are written in one transaction.
enum SQLiteRuns {
    static func insert(_ ping: Ping, workload: String, db: Database) throws {
        let (kind, status): (String, Int?) =
            switch ping.kind {
            case .start: ("start", nil)
            case .log: ("log", nil)
            case .finish(let exitStatus): ("finish", exitStatus)
            }
        // Cached statements: the hot path would otherwise spend its time in SQLite's parser.
        try db.cachedStatement(
            sql: "INSERT INTO pings (workload, kind, exit_status, received_at, run_id, records, duration, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ).execute(
            arguments: [workload, kind, status, ping.receivedAt.timeIntervalSince1970, ping.runID, ping.records, ping.durationSeconds, ping.body])
    }

    static func apply(_ ping: Ping, workload: String, db: Database) throws {
        // Only open runs can be paired (the newest 50 cover any realistic overlap); a log ping with no open
        // run goes to the newest run. Reading just these keeps a ping's cost flat as history grows.
        // A start never pairs with anything, so it reads nothing.
        var runs: [(id: Int64, runID: String?, record: JobRunRecord)] = []
        // Pairing needs no log, and a run's log may be 100 kB: it is not read here.
        if ping.kind != .start { runs = try self.fetch(workload: workload, limit: 50, openOnly: true, logTail: 0, db: db) }
        if runs.isEmpty, case .log = ping.kind { runs = try self.fetch(workload: workload, limit: 1, logTail: 0, db: db) }
        switch RunPairing.apply(ping, to: runs.map { ($0.record, $0.runID) }) {
        case .open(let record, let runID):
            try db.cachedStatement(
                sql:
                    "INSERT INTO runs (workload, run_id, started_at, finished_at, exit_status, duration, records, log) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ).execute(
                arguments: [
                    workload, runID, record.startedAt?.timeIntervalSince1970, record.finishedAt?.timeIntervalSince1970,
                    record.exitStatus, record.durationSeconds, record.records, record.logTail,
                ])
        case .close(let index, let record):
            // The log the run has is kept unless the finish ping brings one (the record's log was not read).
            try db.cachedStatement(
                sql: "UPDATE runs SET finished_at = ?, exit_status = ?, duration = ?, records = ?, log = COALESCE(?, log) WHERE id = ?"
            ).execute(
                arguments: [
                    record.finishedAt?.timeIntervalSince1970, record.exitStatus, record.durationSeconds, record.records,
                    record.logTail, runs[index].id,
                ])
        case .log(let index):
            guard let index, let body = ping.body else { return }
            // Appended, then cut to its last `logLimit` characters: `/log` pings must not grow a run without bound.
            try db.execute(
                sql: "UPDATE runs SET log = substr(COALESCE(log, '') || ?, -?) WHERE id = ?",
                arguments: [body, JobRunRecord.logLimit, runs[index].id]
            )
        }
    }

    static func trim(workload: String, keep: Int, db: Database) throws {
        for table in ["runs", "pings"] {
            try db.execute(
                sql:
                    "DELETE FROM \(table) WHERE workload = ? AND id <= (SELECT id FROM \(table) WHERE workload = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                arguments: [workload, workload, keep]
            )
        }
    }

    static func fetch(
        workload: String,
        limit: Int,
        openOnly: Bool = false,
        logTail: Int = JobRunRecord.logTailRead,
        quotedLogOnly: Bool = false,
        db: Database
    ) throws -> [(id: Int64, runID: String?, record: JobRunRecord)] {
        let open = openOnly ? "AND finished_at IS NULL" : ""
        // The tail of a log is found by counting its characters from the start, through every overflow page
        // of up to 100 kB: a cycle over thousands of jobs reads only the log evidence quotes (the newest
        // finished run's, when it failed), and the runs from the `runs_summary` index alone, without the
        // rows their logs make long.
        let tail = quotedLogOnly ? "NULL" : "CASE WHEN ? > 0 THEN substr(log, -?) END"
        let statement = try db.cachedStatement(
            sql: """
                SELECT id, run_id, started_at, finished_at, exit_status, duration, records, \(tail) AS log \
                FROM runs WHERE workload = ? \(open) ORDER BY id DESC LIMIT ?
                """
        )
        // Columns by position, in the SELECT's order: read by name, GRDB lowercases the name for every value,
        // which was a third of an evaluation cycle over 4,000 jobs' runs.
        let rows = try Row.fetchCursor(statement, arguments: quotedLogOnly ? [workload, limit] : [logTail, logTail, workload, limit])
        var runs: [(id: Int64, runID: String?, record: JobRunRecord)] = []
        runs.reserveCapacity(min(limit, 128))
        while let row = try rows.next() {
            let record = JobRunRecord(
                storedStartedAt: row[2],
                finishedAt: row[3],
                exitStatus: row[4],
                durationSeconds: row[5],
                records: row[6],
                logTail: row[7]
            )
            runs.append((row[0], row[1], record))
        }
        if quotedLogOnly, logTail > 0, let quoted = JobRunRecord.quoted(in: runs.map(\.record)) {
            let log = try db.cachedStatement(sql: "SELECT substr(log, -?) FROM runs WHERE id = ?")
            runs[quoted].record.logTail = try String.fetchOne(log, arguments: [logTail, runs[quoted].id])
        }
        return runs
    }
}
