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

    /// The API, charging new orders at `paymentsURL` when given.
    func api(paymentsURL: String? = nil) -> some ApplicationProtocol {
        Application(
            router: OrdersAPI.router(
                database: self.database,
                faults: self.faults,
                health: self.health,
                signals: self.signals,
                paymentsURL: paymentsURL
            ),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    /// The payments service on a free loopback port, sharing the fixture's faults.
    func payments() -> some ApplicationProtocol {
        Application(
            router: PaymentsService.router(faults: self.faults, health: HealthRegistry(), signals: SignalRegistry()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }
}
