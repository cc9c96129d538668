import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitalsDemo

@Suite struct OrdersAPITests {
    @Test func ordersAreCreatedListedAndRead() async throws {
        let fixture = try DemoFixture()
        try await fixture.api().test(.router) { client in
            for item in ["espresso", "bagel"] {
                try await client.execute(uri: "/orders", method: .post, body: ByteBuffer(string: #"{"item":"\#(item)","quantity":2}"#)) { response in
                    #expect(response.status == .created)
                }
            }
            try await client.execute(uri: "/orders?limit=1", method: .get) { response in
                let list = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                let items = list?["items"] as? [[String: Any]]
                #expect(items?.count == 1)
                #expect(items?.first?["item"] as? String == "bagel")
                #expect(items?.first?["status"] as? String == "pending")
            }
            try await client.execute(uri: "/orders/1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("espresso"))
            }
            try await client.execute(uri: "/orders/999", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test(arguments: [#"{"item":"","quantity":1}"#, #"{"item":"x","quantity":0}"#, #"{"item":"x"}"#, "not json"])
    func invalidOrdersAreRejected(body: String) async throws {
        let fixture = try DemoFixture()
        try await fixture.api().test(.router) { client in
            try await client.execute(uri: "/orders", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
