import AsyncHTTPClient
import Foundation
package import Hummingbird
import NIOCore
import NIOHTTP1
package import Vitals
import VitalsHummingbird

/// The second service of the demo: a payments provider the Orders API charges for every new order, over
/// real HTTP through the library's AsyncHTTPClient integration, so a slow or failing provider shows in the
/// API's dependency signals as it would in production. `{"payments": "slow"}` delays its answers by
/// `delay_ms`; `{"payments": "failing"}` answers 503.
package enum PaymentsService {
    /// `POST /charges` and the Vitals routes; `signals` and `health` are the payments service's own.
    package static func router(faults: Faults, health: HealthRegistry, signals: SignalRegistry) -> Router<BasicRequestContext> {
        let router = OrdersDemo.probeRouter(health: health, signals: signals)
        router.post("charges") { _, _ -> Response in
            let state = faults.current
            switch state.payments {
            case "failing": return try JSONResponse.make(object: ["error": "payment provider unavailable"], status: .serviceUnavailable)
            case "slow": try await Task.sleep(for: .milliseconds(state.delayMilliseconds))
            default: break
            }
            return try JSONResponse.make(object: ["charge": UUID().uuidString, "status": "authorized"], status: .created)
        }
        return router
    }

    /// What the Orders API tells its caller when the charge fails.
    struct ChargeFailed: HTTPResponseError {
        let status: HTTPResponse.Status = .badGateway
        let reason: String

        func response(from request: Request, context: some RequestContext) throws -> Response {
            try JSONResponse.make(object: ["error": "payment failed: \(self.reason)"], status: self.status)
        }
    }

    /// Charges for `quantity` of `item` at `baseURL` as a measured dependency call named `payments`; a non-2xx
    /// answer or no answer within 3 s is a ``ChargeFailed`` (502 to the API's caller).
    static func charge(item: String, quantity: Int, baseURL: String, dependencies: Dependencies) async throws {
        var request = HTTPClientRequest(url: "\(baseURL)/charges")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try JSONSerialization.data(withJSONObject: ["item": item, "quantity": quantity])
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(3), dependencies: dependencies, server: "payments")
        } catch {
            throw ChargeFailed(reason: "no answer from the payment provider (\(type(of: error)))")
        }
        guard (200..<300).contains(response.status.code) else { throw ChargeFailed(reason: "the payment provider answered \(response.status.code)") }
    }
}
