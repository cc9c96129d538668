import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitalsDemo

/// Over real sockets: a blackholed database turns readiness to 503 within the check's budget, liveness
/// stays 200 and fast, and readiness recovers once the database answers again.
@Suite(.timeLimit(.minutes(2))) struct ReadinessTests {
    @Test func blackholedDatabaseFailsReadinessWithinBudgetAndRecovers() async throws {
        let fixture = try DemoFixture()
        try await fixture.api().test(.live) { client in
            try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/faults", method: .post, body: ByteBuffer(string: #"{"db":"down"}"#)) { _ in }
            try await Task.sleep(for: .milliseconds(1100))  // let the passing result's 1 s cache expire

            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("timed out"))
            }

            for _ in 0..<5 {
                try await client.execute(uri: "/health/live", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(!String(buffer: response.body).contains("database"), "liveness never runs the database check")
                }
            }

            try await client.execute(uri: "/faults", method: .delete) { _ in }
            var recovered = false
            for _ in 0..<30 where !recovered {
                try await client.execute(uri: "/health/ready", method: .get) { recovered = $0.status == .ok }
                if !recovered { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(recovered)
        }
    }

    @Test func refusedDatabaseFailsReadinessAtOnce() async throws {
        let fixture = try DemoFixture()
        fixture.faults.set(
            {
                var state = FaultState()
                state.database = "refused"
                return state
            }()
        )
        try await fixture.api().test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("connection refused"))
            }
        }
    }
}
