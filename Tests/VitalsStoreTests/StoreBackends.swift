import Foundation
import VitalsStore

/// The backends the contract suite runs against. PostgreSQL joins when its store lands.
enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite

    var description: String { self.rawValue }

    /// A fresh, empty store, and a way to open the same data again as a restarted watcher would.
    func make() throws -> (store: any WatchStore, reopen: () throws -> any WatchStore) {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("vitals-store-\(UUID().uuidString)/vitals.db").path
            return (try SQLiteStore(path: path), { try SQLiteStore(path: path) })
        }
    }
}
