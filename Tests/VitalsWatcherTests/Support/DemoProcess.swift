import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `vitals demo` started as a user starts it, on free ports, with its fault switchboard and JSON reads:
/// what the demo's watcher test, the game day and the Prometheus rules test drive.
struct DemoProcess {
    let server: ServerProcess
    let api: Int, worker: Int, job: Int, watcher: Int

    /// Waits until the demo's watcher is ready.
    static func start(dataDir: URL, reportEvery: String) async throws -> DemoProcess {
        let ports = try (0..<4).map { _ in try CrashDurabilityTests.freePort() }
        let server = try await ServerProcess.start(
            [
                "demo", "--api-port", "\(ports[0])", "--worker-port", "\(ports[1])", "--job-port", "\(ports[2])", "--watcher-port", "\(ports[3])",
                "--data-dir", dataDir.path, "--report-every", reportEvery, "--load", "20",
            ],
            port: ports[3]
        )
        return DemoProcess(server: server, api: ports[0], worker: ports[1], job: ports[2], watcher: ports[3])
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
