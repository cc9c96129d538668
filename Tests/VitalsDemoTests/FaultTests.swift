import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitalsDemo

@Suite struct FaultTests {
    func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8))) as? [String: Any] ?? [:]
    }

    @Test func faultsCombineShowAndClear() async throws {
        let fixture = try DemoFixture()
        try await fixture.api().test(.router) { client in
            try await client.execute(uri: "/faults", method: .post, body: ByteBuffer(string: #"{"db":"slow","delay_ms":1500}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/faults", method: .post, body: ByteBuffer(string: #"{"error_rate":0.1,"job":"empty"}"#)) { _ in }
            try await client.execute(uri: "/faults", method: .get) { response in
                let state = self.json(response.body)
                #expect(state["db"] as? String == "slow")
                #expect(state["delay_ms"] as? Int == 1500)
                #expect(state["error_rate"] as? Double == 0.1)
                #expect(state["job"] as? String == "empty")
            }
            try await client.execute(uri: "/faults", method: .delete) { #expect(self.json($0.body).isEmpty) }
        }
        #expect(fixture.faults.current.isHealthy)
    }

    @Test func aDeployStaysAfterRecoveryAndItsFaultsTouchOnlyTheNewVersion() async throws {
        let fixture = try DemoFixture()
        try await fixture.api().test(.router) { client in
            try await client.execute(uri: "/faults", method: .post, body: ByteBuffer(string: #"{"deploy":"1.4.3","error_rate":0.2}"#)) {
                #expect($0.status == .ok)
            }
            let state = fixture.faults.current
            #expect(state.apiFault(instance: 1, route: "GET /orders", version: "1.4.3").errorRate == 0.2)
            #expect(state.apiFault(instance: 1, route: "GET /orders", version: "1.4.2").errorRate == 0, "the old version behaves")
            try await client.execute(uri: "/faults", method: .delete) { response in
                #expect(self.json(response.body) as NSDictionary == ["deploy": "1.4.3"] as NSDictionary)
            }
        }
        #expect(fixture.faults.current.isHealthy, "a deploy is not a fault")
        #expect(fixture.faults.current.deploy == "1.4.3", "clearing the bug leaves the version deployed")
    }

    @Test(arguments: [
        (#"{"dbb":"down"}"#, "unknown fault \"dbb\""), (#"{"db":"sideways"}"#, "\"db\" must be"),
        (#"{"error_rate":1.5}"#, "\"error_rate\" must be a number from 0 to 1"), ("[1]", "body must be a JSON object"),
        (#"{"latency_ms":-5}"#, "\"latency_ms\" must be"), (#"{"deploy":"1.4.3\n"}"#, "\"deploy\" must be a version"),
        (#"{"deploy":""}"#, "\"deploy\" must be a version"),
    ])
    func invalidFaultsSayWhatIsWrong(body: String, message: String) async throws {
        let fixture = try DemoFixture()
        try await fixture.api().test(.router) { client in
            try await client.execute(uri: "/faults", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect((self.json(response.body)["error"] as? String)?.contains(message) == true)
            }
        }
        #expect(fixture.faults.current.isHealthy, "nothing half-applied")
    }

    @Test func errorRateAndLatencyReachTheOrderRoutes() async throws {
        let fixture = try DemoFixture()
        fixture.faults.set(
            {
                var state = FaultState()
                state.api.errorRate = 1
                return state
            }()
        )
        try await fixture.api().test(.router) { client in
            try await client.execute(uri: "/orders", method: .get) { #expect($0.status == .internalServerError) }
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
        }
    }
}
