import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import VitalsProcess
import VitalsTestSupport

/// A real server process (`vitals serve`, or a peer such as Prometheus): started, awaited until
/// ready, and stopped with the signal a test chooses. It runs through the same ``ChildProcess`` runner
/// the watcher uses for commands, in a task of its own.
final class ServerProcess: Sendable {
    let pid: Int32
    let port: Int
    let exited: Task<ChildProcess.Result.Status, Never>

    /// Starts `vitals serve --config <directory>/vitals.yml` and waits until `/health/ready` answers 200.
    static func start(directory: URL, port: Int) async throws -> ServerProcess {
        try await self.start(["serve", "--config", directory.appendingPathComponent("vitals.yml").path], port: port)
    }

    /// Starts `vitals <arguments>` and waits until `/health/ready` on `port` answers 200.
    static func start(
        _ arguments: [String],
        port: Int,
        environment: [String: String] = [:],
        onOutput: (@Sendable (ChildProcess.Stream, [UInt8]) -> Void)? = nil
    ) async throws -> ServerProcess {
        let vitals = try #require(CrashDurabilityTests.executable, "build the vitals executable first (swift build --build-tests)")
        return try await self.start(vitals, arguments, port: port, readyPath: "/health/ready", environment: environment, onOutput: onOutput)
    }

    /// Starts any server (a real Prometheus, Alertmanager, node_exporter…) and waits until `readyPath` on
    /// `port` answers 200; `onOutput` gets what it writes while it runs.
    static func start(
        _ executable: URL,
        _ arguments: [String],
        port: Int,
        readyPath: String,
        environment: [String: String] = [:],
        onOutput: (@Sendable (ChildProcess.Stream, [UInt8]) -> Void)? = nil
    ) async throws -> ServerProcess {
        var child = ChildProcess(executable.path, arguments)
        child.environment = environment
        child.onOutput = onOutput
        child.keepLast = 2000
        let (started, startedContinuation) = AsyncStream.makeStream(of: Int32.self)
        let ended = Ended()
        let exited = Task {
            let result = try? await child.run(onStart: { startedContinuation.yield($0) })
            startedContinuation.finish()
            ended.record(result)
            return result?.terminated ?? .exited(127)
        }
        let pid = try #require(await started.first { _ in true }, "\(executable.lastPathComponent) could not be started")
        let server = ServerProcess(pid: pid, port: port, exited: exited)
        var ready = false
        // Until it answers, or ends: a server that exits (its port taken meanwhile, say) fails at once, with its words.
        for _ in 0..<150 where !ready && !ended.happened {
            ready =
                (try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(readyPath)"), timeout: .seconds(1)).status
                    .code) == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        if !ready { await server.stop(SIGKILL) }
        try #require(
            ready,
            "\(executable.lastPathComponent) \(arguments.first ?? "") did not become ready on port \(port): \(ended.errors.suffix(1000))"
        )
        return server
    }

    private init(pid: Int32, port: Int, exited: Task<ChildProcess.Result.Status, Never>) {
        self.pid = pid
        self.port = port
        self.exited = exited
    }

    /// Sends `signal` and waits for the process to end.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) async -> ChildProcess.Result.Status {
        _ = Glibc.kill(self.pid, signal)
        return await self.exited.value
    }

    /// Kills it and its children (it leads its own process group) at once, without waiting: for `defer`,
    /// so it stops talking to the test's receivers before they stop.
    func kill() { _ = Glibc.kill(-self.pid, SIGKILL) }

    deinit { _ = Glibc.kill(-self.pid, SIGKILL) }
}

/// Whether a server process ended, and what it said on standard error.
private final class Ended: Sendable {
    private let state = Mutex<(happened: Bool, errors: String)>((false, ""))

    func record(_ result: ChildProcess.Result?) { self.state.withLock { $0 = (true, result?.errors ?? "") } }
    var happened: Bool { self.state.withLock { $0.happened } }
    var errors: String { self.state.withLock { $0.errors } }
}
