import Foundation
import GRDB

/// The Orders demo's SQLite database (WAL), behind the injected database faults.
///
/// Every query passes ``Faults`` first, which is how `{"db": "down"}` makes queries hang the way a
/// blackholed network database does, rather than fail fast.
package final class OrdersDatabase: Sendable {
    /// A database fault made queries fail.
    package struct Unavailable: Error, CustomStringConvertible {
        package let description: String
    }

    let pool: DatabasePool
    let faults: Faults

    /// Opens (creating if needed) the database file at `path` and migrates it.
    package init(path: String, faults: Faults) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        self.pool = try DatabasePool(path: path, configuration: configuration)
        self.faults = faults
        try Self.migrator.migrate(self.pool)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE orders (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, item TEXT NOT NULL, quantity INTEGER NOT NULL,
                        status TEXT NOT NULL, created_at REAL NOT NULL);
                    CREATE TABLE order_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL, type TEXT NOT NULL,
                        created_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                        processed_at REAL, dead_at REAL);
                    CREATE INDEX order_events_pending ON order_events(created_at, id) WHERE processed_at IS NULL AND dead_at IS NULL;
                    CREATE TABLE reports (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL, orders INTEGER NOT NULL);
                    """
            )
        }
        return migrator
    }

    /// Waits out the injected database fault, if any.
    func passFaults() async throws {
        let state = self.faults.current
        switch state.database {
        case "down":
            // Blackholed: no answer ever comes; only cancellation (a caller's timeout) ends the wait.
            while !Task.isCancelled, self.faults.current.database == "down" {
                try await Task.sleep(for: .milliseconds(50))
            }
            try Task.checkCancellation()
        case "refused":
            throw Unavailable(description: "database connection refused")
        case "slow":
            try await Task.sleep(for: .milliseconds(state.delayMilliseconds))
        default:
            break
        }
    }

    /// A trivial query: what readiness asks.
    package func ping() async throws {
        try await self.passFaults()
        _ = try await self.pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
