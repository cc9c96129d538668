import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Vitals
import VitalsTesting

/// A dependency behind a real blackholed TCP port: connections complete (the kernel accepts them into
/// the backlog) but nothing ever answers. Readiness must fail within the check's budget, not hang.
@Suite(.timeLimit(.minutes(2))) struct BlackholeTests {
    @Test func readinessFailsWithinBudgetAgainstABlackholedDependency() async throws {
        let blackhole = try BlackholeListener()
        let port = blackhole.port
        let app = TestApp()
        app.health.markStarted()
        app.health.register("payments", in: .readiness, timeout: .milliseconds(500)) {
            // No deadline of its own: the registry's timeout is what must hold.
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
            _ = try await HTTPClient.shared.execute(request, timeout: .hours(1))
        }
        try await app.application().test(.live) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("timed out"))
            }
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("payments"), "liveness never runs the dependency's check")
            }
        }
        withExtendedLifetime(blackhole) {}
    }
}
