import AsyncHTTPClient
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing
import Vapor
import VitalsTesting

@testable import Vitals
@testable import VitalsVapor

/// A Vapor application run as a service beside Vitals' own, over a real socket: readiness fails first and
/// the server keeps answering for the drain period, then it stops.
@Suite(.timeLimit(.minutes(2))) struct VaporServiceTests {
    func get(_ port: Int, _ path: String, timeout: TimeAmount = .seconds(10)) async throws -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        // An idle kept-alive connection would hold the server's shutdown for its whole timeout.
        request.headers.add(name: "Connection", value: "close")
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        return Int(response.status.code)
    }

    @Test func shutdownDrainsBeforeTheServerStops() async throws {
        let service = VaporTestApp()
        let app = try await Application.make(.testing)
        service.configure(app)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        let clock = ManualClock()
        let vitals = VitalsService(tracing: nil, health: service.health, drainPeriod: .seconds(5), clock: clock)
        let port = Mutex<Int?>(nil)
        let (listening, listeningContinuation) = AsyncStream.makeStream(of: Void.self)
        let vapor = VaporService(app) { app in
            service.health.markStarted()
            port.withLock { $0 = app.http.server.shared.localAddress?.port }
            listeningContinuation.yield()
        }
        let group = ServiceGroup(services: vitals.around([vapor]), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = listening.makeAsyncIterator()
            await iterator.next()
            let bound = try #require(port.withLock { $0 })
            #expect(try await self.get(bound, "/orders/1") == 200)
            #expect(try await self.get(bound, "/health/ready") == 200)

            await group.triggerGracefulShutdown()
            await clock.waitForSleepers(1)  // the drain has begun
            #expect(try await self.get(bound, "/health/ready") == 503, "load balancers are told first")
            #expect(try await self.get(bound, "/orders/2") == 200, "while the service still answers")

            clock.advance(by: .seconds(5))
            try await tasks.waitForAll()
            await #expect(throws: (any Error).self, "the port is closed once the drain is over") {
                // AsyncHTTPClient retries a refused connection until the deadline: a short one keeps the test short.
                _ = try await self.get(bound, "/orders/3", timeout: .seconds(1))
            }
        }
    }
}
