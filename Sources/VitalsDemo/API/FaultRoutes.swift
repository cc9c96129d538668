import Hummingbird
import Logging
import NIOCore

/// `GET|POST|DELETE /faults`: the game-day switchboard.
enum FaultRoutes {
    static func add(to router: Router<BasicRequestContext>, faults: Faults, database: OrdersDatabase, instances: Int) {
        router.get("faults") { _, _ in try JSONResponse.make(object: FaultRequest.json(faults.current)) }
        router.post("faults") { request, context -> Response in
            let body = try await request.body.collect(upTo: 16 * 1024)
            let before = faults.current
            let after: FaultState
            do throws(FaultRequest.Invalid) {
                after = try FaultRequest.apply(Array(buffer: body), to: before, instances: instances)
            } catch let invalid {
                return try JSONResponse.make(object: ["error": invalid.description], status: .badRequest)
            }
            faults.set(after)
            if after.worker == "poison", before.worker != "poison" { try await database.insertPoisonEvent() }
            context.logger.warning("Faults injected", metadata: ["faults": "\(FaultRequest.json(after))"])
            return try JSONResponse.make(object: FaultRequest.json(after))
        }
        router.delete("faults") { _, context -> Response in
            let before = faults.current
            faults.clear()
            if before.worker == "poison" { try await database.deadLetterPoisonEvents() }
            context.logger.warning("Faults cleared")
            return try JSONResponse.make(object: FaultRequest.json(faults.current))
        }
    }
}
