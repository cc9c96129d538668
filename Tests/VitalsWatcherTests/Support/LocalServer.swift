import Hummingbird
import Logging

/// A Hummingbird router served on a free loopback port for the length of a test: the receivers and
/// file servers the tests put in front of the watcher and its peers.
struct LocalServer {
    let port: Int
    let task: Task<Void, any Error>

    static func start(_ router: Router<BasicRequestContext>) async throws -> LocalServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return LocalServer(port: port, task: task)
    }

    func stop() { self.task.cancel() }
}
