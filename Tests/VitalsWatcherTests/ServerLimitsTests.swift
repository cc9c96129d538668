import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import Testing
import Vitals
import VitalsCore
import VitalsStore
import VitalsWatcher

/// Issue 13's defect 10: clients that hold connections without finishing a request (idle, or dribbling
/// their headers) are closed by the watcher's server, so they cannot exhaust its descriptors and take
/// `/health/live` with them.
@Suite struct ServerLimitsTests {
    func watcher(limits: Watcher.ServerLimits) async throws -> Watcher {
        let spec = try SpecLoader.parse(
            "watcher: { listen: \"127.0.0.1:0\" }\nworkloads:\n  nightly: { kind: job, schedule: \"0 3 * * *\" }\n",
            file: "v.yml",
            environment: [:]
        )
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString)/vitals.db").path
        return try await Watcher(
            spec: spec,
            store: try SQLiteStore(path: path),
            signals: SignalRegistry(),
            health: HealthRegistry(),
            logger: WatcherFixture.quiet,
            limits: limits
        )
    }

    @Test func silentAndDribblingClientsAreClosedAtTheRequestHeadDeadline() async throws {
        var limits = Watcher.ServerLimits()
        limits.requestHead = .milliseconds(500)
        try await self.watcher(limits: limits).application.test(.live) { client in
            let port = try #require(client.port)
            let silent = try RawConnection(port: port)
            let dribbling = try RawConnection(port: port)
            dribbling.send("GET /health/live HTTP/1.1\r\n")
            async let dribbled: Void = {
                for _ in 0..<40 where dribbling.send("X") { try? await Task.sleep(for: .milliseconds(100)) }
            }()
            #expect(await silent.isClosed(within: .seconds(5)), "a connection that never sends a request is closed")
            #expect(await dribbling.isClosed(within: .seconds(5)), "one that sends a byte at a time is closed too")
            await dribbled
            // A well-behaved client is served, keep-alive included.
            for _ in 0..<2 {
                let response = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/health/live"),
                    timeout: .seconds(5)
                )
                #expect(response.status.code == 200)
            }
        }
    }

    @Test func manyHeldConnectionsDoNotKeepLivenessFromAnswering() async throws {
        var limits = Watcher.ServerLimits()
        limits.requestHead = .milliseconds(300)
        limits.connections = 8
        try await self.watcher(limits: limits).application.test(.live) { client in
            let port = try #require(client.port)
            let held = try (0..<32).map { _ in try RawConnection(port: port) }
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health/live")
            request.method = .GET
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 200, "answered once the held connections are closed")
            _ = held
        }
    }
}
