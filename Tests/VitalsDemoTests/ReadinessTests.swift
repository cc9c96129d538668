import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitalsDemo

/// Over real sockets: a blackholed database turns readiness to 503 within the check's budget, liveness
/// stays 200 and fast, and readiness recovers once the database answers again.
@Suite struct ReadinessTests {
    @Test func blackholedDatabaseFailsReadinessWithinBudgetAndRecovers() async throws {
        let fixture = try DemoFixture()
        try await fixture.api().test(.live) { client in
            try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/faults", method: .post, body: ByteBuffer(string: #"{"db":"down"}"#)) { _ in }
            try await Task.sleep(for: .milliseconds(1100))  // let the passing result's 1 s cache expire

            let start = ContinuousClock.now
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("timed out"))
            }
            #expect(ContinuousClock.now - start < .seconds(10), "the 1 s check budget, not the hang, decides")

            for _ in 0..<5 {
                let liveStart = ContinuousClock.now
                try await client.execute(uri: "/health/live", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(!String(buffer: response.body).contains("database"), "liveness never runs the database check")
                }
                // Loose on purpose: a loaded 2-core CI machine is slow, but nowhere near a hung query.
                #expect(ContinuousClock.now - liveStart < .seconds(3))
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
