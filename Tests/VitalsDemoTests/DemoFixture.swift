import Foundation
import Hummingbird
import Logging
import Vitals
import VitalsDemo

/// A fresh Orders database in a temporary directory, with the API router over it.
struct DemoFixture {
    let directory: URL
    let faults = Faults()
    let database: OrdersDatabase
    let health = HealthRegistry()
    let signals = SignalRegistry()

    init() throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("vitals-demo-\(UUID().uuidString)")
        self.database = try OrdersDatabase(path: self.directory.appendingPathComponent("orders.sqlite").path, faults: self.faults)
        self.health.markStarted()
    }

    func api() -> some ApplicationProtocol {
        Application(
            router: OrdersAPI.router(database: self.database, faults: self.faults, health: self.health, signals: self.signals),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }
}
