import Foundation
import Logging
import VitalsProcess
import VitalsStore
import VitalsTestSupport

/// The backends the contract suite runs against: an SQLite file, and a real PostgreSQL server that
/// `scripts/test` starts (`scripts/with-postgres`) and names in `VITALS_TEST_POSTGRES_URL`.
enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { self.rawValue }

    /// A fresh, empty store, and a way to open the same data again as a restarted watcher would.
    func make() async throws -> (store: any WatchStore, reopen: @Sendable () async throws -> any WatchStore) {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("vitals-store-\(UUID().uuidString)/vitals.db").path
            return (try SQLiteStore(path: path), { try SQLiteStore(path: path) })
        case .postgres:
            let url = try await TestPostgres.freshDatabase()
            return (try await PostgresStore.running(url: url, logger: Self.quiet), { try await PostgresStore.running(url: url, logger: Self.quiet) })
        }
    }

    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
}
