import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server of a test run: `scripts/test` starts one (`scripts/with-postgres`) and names it
/// in `VITALS_TEST_POSTGRES_URL`. Each test takes a fresh database of its own.
package enum TestPostgres {
    package struct MissingServer: Error, CustomStringConvertible {
        package var description: String {
            "VITALS_TEST_POSTGRES_URL is not set: run the tests with scripts/test (or scripts/with-postgres swift test)"
        }
    }

    /// Creates an empty database on the test server and returns its URL.
    package static func freshDatabase() async throws -> String {
        guard let server = ProcessInfo.processInfo.environment["VITALS_TEST_POSTGRES_URL"], let components = URLComponents(string: server) else {
            throw MissingServer()
        }
        let name = "vitals_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        let client = PostgresClient(
            configuration: .init(
                host: components.host ?? "127.0.0.1",
                port: components.port ?? 5432,
                username: components.user ?? "vitals",
                password: components.password,
                database: "postgres",
                tls: .disable
            ),
            backgroundLogger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            group.cancelAll()
        }
        var database = components
        database.path = "/\(name)"
        return database.string ?? server
    }
}
