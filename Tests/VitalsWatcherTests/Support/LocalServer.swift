import Hummingbird
import Logging
import ServiceLifecycle

/// A Hummingbird router served on a free loopback port for the length of a test: the receivers and
/// file servers the tests put in front of the watcher and its peers.
struct LocalServer {
    let port: Int
    let group: ServiceGroup

    static func start(_ router: Router<BasicRequestContext>) async throws -> LocalServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let group = ServiceGroup(
            configuration: .init(services: [app], logger: Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() }))
        )
        // If the server cannot start, the port never comes: end the wait rather than hang.
        Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        return LocalServer(port: port, group: group)
    }

    /// Shuts down gracefully (the listener closes first, open connections finish), in the background:
    /// cancelling the server instead races connections still being accepted, which NIO treats as fatal.
    func stop() {
        let group = self.group
        Task { await group.triggerGracefulShutdown() }
    }
}
