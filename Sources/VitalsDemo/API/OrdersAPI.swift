import Foundation
package import Hummingbird
import Logging
import NIOCore
package import Vitals
package import VitalsHummingbird

/// The Orders API: `POST /orders`, `GET /orders`, `GET /orders/{id}`, the fault switchboard at
/// `/faults`, and the Vitals probe and metrics routes; instrumented only through the public library API:
/// its queries are measured as calls to `orders-db`, its charges as calls to `payments`.
package enum OrdersAPI {
    /// Builds the router of API instance `instance` (1 for the first) of `instances`. `health` gets the
    /// database readiness check; `signals` receives the HTTP and dependency signals. New orders are charged
    /// at `paymentsURL` (the payments service's base URL) when there is one.
    package static func router(
        database: OrdersDatabase,
        faults: Faults,
        health: HealthRegistry,
        signals: SignalRegistry,
        paymentsURL: String? = nil,
        version: String = OrdersDemo.Configuration().version,
        instance: Int = 1,
        instances: Int = 1
    ) -> Router<BasicRequestContext> {
        health.register("database", in: .readiness, timeout: .seconds(1)) { try await database.ping() }
        let dependencies = Dependencies(signals: signals)
        @Sendable func query<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
            try await dependencies.database(system: "sqlite", operation: operation, server: "orders-db", body)
        }
        let router = Router()
        router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: signals)))
        router.addVitalsRoutes(health: health, signals: signals)
        let orders = router.group("orders").add(middleware: APIFaultMiddleware(faults: faults, instance: instance, version: version))
        orders.post { request, context -> Response in
            let input = try await request.decode(as: NewOrder.self, context: context)
            guard !input.item.isEmpty, (1...1000).contains(input.quantity) else {
                throw HTTPError(.badRequest, message: "item must be non-empty and quantity between 1 and 1000")
            }
            if let paymentsURL {
                try await PaymentsService.charge(item: input.item, quantity: input.quantity, baseURL: paymentsURL, dependencies: dependencies)
            }
            let order = try await query("INSERT") { try await database.createOrder(item: input.item, quantity: input.quantity) }
            context.logger.info("Order created", metadata: ["order.id": "\(order.id)"])
            return try JSONResponse.make(order, status: .created)
        }
        orders.get { request, _ -> Response in
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 20
            guard (1...100).contains(limit) else { throw HTTPError(.badRequest, message: "limit must be between 1 and 100") }
            return try JSONResponse.make(OrderList(items: try await query("SELECT") { try await database.orders(limit: limit) }))
        }
        orders.get("{id}") { _, context -> Response in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let order = try await query("SELECT", { try await database.order(id: id) }) else {
                throw HTTPError(.notFound, message: "no order \(id)")
            }
            return try JSONResponse.make(order)
        }
        FaultRoutes.add(to: router, faults: faults, database: database, instances: instances)
        return router
    }

    struct NewOrder: Decodable {
        var item: String
        var quantity: Int
    }

    struct OrderList: Encodable {
        var items: [Order]
    }
}

enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func make(object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
