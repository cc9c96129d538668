import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Vitals
import VitalsDemo
import VitalsTestSupport

/// The API charges every new order at the payments service over real HTTP, and both its queries and its
/// charges are measured as dependency calls: what lets the watcher name the cause of a slow or failing API.
@Suite struct PaymentsTests {
    @Test func chargesAndQueriesAreDependencyCallsAndAFailingProviderIsA502() async throws {
        let fixture = try DemoFixture()
        try await fixture.payments().test(.live) { payments in
            let url = "http://127.0.0.1:\(try #require(payments.port))"
            try await fixture.api(paymentsURL: url).test(.router) { client in
                let order = ByteBuffer(string: #"{"item":"espresso","quantity":2}"#)
                try await client.execute(uri: "/orders", method: .post, body: order) { #expect($0.status == .created) }
                try await client.execute(uri: "/orders?limit=5", method: .get) { #expect($0.status == .ok) }
                fixture.faults.set(
                    {
                        var state = fixture.faults.current
                        state.payments = "failing"
                        return state
                    }()
                )
                try await client.execute(uri: "/orders", method: .post, body: order) { response in
                    #expect(response.status == .badGateway)
                    #expect(String(buffer: response.body).contains("payment failed: the payment provider answered 503"))
                }
            }
        }
        let exposition = ExpositionSamples(await fixture.signals.exposition())
        let http = "http_client_request_duration_seconds_count"
        #expect(exposition.value(http, ["server_address": "payments", "http_response_status_code": "201", "error_type": ""]) == 1)
        #expect(exposition.value(http, ["server_address": "payments", "http_response_status_code": "503", "error_type": "503"]) == 1)
        let db = "db_client_operation_duration_seconds_count"
        #expect(
            exposition.value(db, ["db_system_name": "sqlite", "server_address": "orders-db", "db_operation_name": "INSERT"]) == 1,
            "the failed charge stored nothing"
        )
        #expect(exposition.value(db, ["db_system_name": "sqlite", "server_address": "orders-db", "db_operation_name": "SELECT"]) == 1)
        let stored = try await fixture.database.orders(limit: 10)
        #expect(stored.count == 1)
    }
}
