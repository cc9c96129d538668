import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VitalsProcess

/// `vitals demo` started as a user starts it, on free ports, with its fault switchboard and JSON reads:
/// what the demo's watcher test, the game day and the Prometheus rules test drive.
struct DemoProcess {
    let server: ServerProcess
    /// The first API instance's port; instance n listens on `api + n - 1`.
    let api: Int
    let worker: Int, job: Int, watcher: Int
    let apiInstances: Int

    /// Waits until the demo's watcher is ready; `arguments` are added to the command line, `environment` to
    /// the process's, and `onOutput` gets what it writes while it runs.
    static func start(
        dataDir: URL,
        reportEvery: String,
        apiInstances: Int = 2,
        arguments: [String] = [],
        environment: [String: String] = [:],
        onOutput: (@Sendable (ChildProcess.Stream, [UInt8]) -> Void)? = nil
    ) async throws -> DemoProcess {
        let api = try CrashDurabilityTests.freePorts(consecutive: apiInstances)
        var ports: [Int] = []
        while ports.count < 4 {
            let port = try CrashDurabilityTests.freePort()
            if !(api..<api + apiInstances).contains(port), !ports.contains(port) { ports.append(port) }
        }
        let server = try await ServerProcess.start(
            [
                "demo", "--api-port", "\(api)", "--api-instances", "\(apiInstances)", "--worker-port", "\(ports[0])", "--job-port", "\(ports[1])",
                "--watcher-port", "\(ports[2])", "--payments-port", "\(ports[3])", "--data-dir", dataDir.path, "--report-every", reportEvery,
                "--load", "20",
            ] + arguments,
            port: ports[2],
            environment: environment,
            onOutput: onOutput
        )
        return DemoProcess(server: server, api: api, worker: ports[0], job: ports[1], watcher: ports[2], apiInstances: apiInstances)
    }

    /// `host:port` of API instance `number` (1 for the first), as the watcher names it.
    func instance(_ number: Int) -> String { "127.0.0.1:\(self.api + number - 1)" }

    /// `text` with `{instance N}` replaced by instance N's address.
    func filling(_ text: String) -> String {
        (1...self.apiInstances).reduce(text) { $0.replacingOccurrences(of: "{instance \($1)}", with: self.instance($1)) }
    }

    func kill() { self.server.kill() }

    /// `POST /faults` with `body`, or `DELETE /faults`; the answer's status.
    func faults(_ method: HTTPMethod, _ body: String = "") async throws -> HTTPResponseStatus {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(self.api)/faults")
        request.method = method
        request.body = .bytes(ByteBuffer(string: body))
        return try await HTTPClient.shared.execute(request, timeout: .seconds(5)).status
    }

    /// A JSON object from `url`; empty when the answer is not one.
    static func json(_ url: String) async throws -> [String: Any] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 8 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }
}
