import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Vitals

/// docs/library.md: calls to dependencies.
func dependencies(orders: Orders, prices: Prices, id: Int) async throws {
    // snippet
    let order = try await Vitals.dependencies.database(system: "postgresql", operation: "SELECT", server: "orders-db") {
        try await orders.find(id)
    }
    let price = await Vitals.dependencies.cache("prices") { await prices.cached(order) }  // nil counts as a miss

    var charge = HTTPClientRequest(url: "http://payments.internal/charges")
    charge.method = .POST
    let answer = try await HTTPClient.shared.execute(charge, timeout: .seconds(2), dependencies: Vitals.dependencies, server: "payments")

    Vitals.dependencies.registerPool(name: "orders-db") { PoolUsage(used: 3, idle: 7, max: 20) }
    // end snippet
    _ = (price, answer)
}
