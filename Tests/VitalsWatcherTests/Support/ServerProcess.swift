import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import NIOHTTP1
import Testing

/// A real server process (`vitals serve`, or a peer such as Prometheus): started, awaited until
/// ready, and stopped with the signal a test chooses.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int
    let exited: Task<Process.TerminationReason, Never>

    var pid: Int32 { self.process.processIdentifier }

    /// Starts `vitals serve --config <directory>/vitals.yml` and waits until `/health/ready` answers 200.
    static func start(directory: URL, port: Int) async throws -> ServerProcess {
        try await self.start(["serve", "--config", directory.appendingPathComponent("vitals.yml").path], port: port)
    }

    /// Starts `vitals <arguments>` and waits until `/health/ready` on `port` answers 200.
    static func start(_ arguments: [String], port: Int) async throws -> ServerProcess {
        let vitals = try #require(CrashDurabilityTests.executable, "build the vitals executable first (swift build --build-tests)")
        return try await self.start(vitals, arguments, port: port, readyPath: "/health/ready")
    }

    /// Starts any server (a real Prometheus, Alertmanager, node_exporter…) and waits until `readyPath` on `port` answers 200.
    static func start(_ executable: URL, _ arguments: [String], port: Int, readyPath: String) async throws -> ServerProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let (reasons, continuation) = AsyncStream.makeStream(of: Process.TerminationReason.self)
        // The handler, not waitUntilExit: blocking a thread of the 2-thread pool stalls everything else.
        process.terminationHandler = { continuation.yield($0.terminationReason) }
        try process.run()
        let server = ServerProcess(process: process, port: port, exited: Task { await reasons.first { _ in true } ?? .exit })
        var ready = false
        for _ in 0..<150 where !ready {
            ready = (try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(readyPath)"), timeout: .seconds(1)).status.code) == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        if !ready { await server.stop(SIGKILL) }
        try #require(ready, "\(executable.lastPathComponent) \(arguments.first ?? "") did not become ready on port \(port)")
        return server
    }

    private init(process: Process, port: Int, exited: Task<Process.TerminationReason, Never>) {
        self.process = process
        self.port = port
        self.exited = exited
    }

    /// Sends `signal` and waits for the process to end.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) async -> Process.TerminationReason {
        _ = Glibc.kill(self.pid, signal)
        return await self.exited.value
    }

    /// Kills it (and any children: Foundation starts it as a process-group leader) at once, without
    /// waiting: for `defer`, so it stops talking to the test's receivers before they stop.
    func kill() { _ = Glibc.kill(-self.pid, SIGKILL) }

    deinit { if self.process.isRunning { _ = Glibc.kill(-self.process.processIdentifier, SIGKILL) } }
}
