package import Logging
package import VitalsStore

extension PostgresStore {
    /// A prepared store whose connections run in a task of their own, for as long as the test runs: the
    /// tests' shorthand for what `StoreOpener.withStore` does around a command.
    package static func running(url: String, logger: Logger) async throws -> PostgresStore {
        let store = try PostgresStore(url: url, logger: logger)
        Task { try? await store.run() }
        try await store.prepare()
        return store
    }
}
