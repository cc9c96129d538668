import Foundation
import GRDB
package import Vitals

/// One waiting event of the order-events queue.
package struct OrderEvent: Sendable, Equatable {
    /// Queue position (with the creation time).
    package var id: Int64
    /// The order it concerns.
    package var orderID: Int64
    /// `order.created`, or `order.malformed` for the poison message.
    package var type: String
    /// Failed attempts so far.
    package var attempts: Int
}

extension OrdersDatabase {
    /// The oldest waiting events, in order.
    package func pendingEvents(limit: Int) async throws -> [OrderEvent] {
        try await self.passFaults()
        return try await self.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM order_events WHERE processed_at IS NULL AND dead_at IS NULL ORDER BY created_at, id LIMIT ?",
                arguments: [limit]
            ).map { OrderEvent(id: $0["id"], orderID: $0["order_id"], type: $0["type"], attempts: $0["attempts"]) }
        }
    }

    /// Confirms the event's order and marks the event processed, in one transaction.
    package func confirm(_ event: OrderEvent) async throws {
        try await self.passFaults()
        let now = Date().timeIntervalSince1970
        try await self.pool.write { db in
            try db.execute(sql: "UPDATE orders SET status = 'confirmed' WHERE id = ?", arguments: [event.orderID])
            try db.execute(sql: "UPDATE order_events SET processed_at = ? WHERE id = ?", arguments: [now, event.id])
        }
    }

    /// Counts a failed attempt at an event.
    package func recordAttempt(_ event: OrderEvent) async throws {
        try await self.pool.write { db in
            try db.execute(sql: "UPDATE order_events SET attempts = attempts + 1 WHERE id = ?", arguments: [event.id])
        }
    }

    /// Puts a malformed event at the head of the queue: the poison-message fault.
    package func insertPoisonEvent() async throws {
        try await self.pool.write { db in
            let createdAt = try Double.fetchOne(db, sql: "SELECT MIN(created_at) FROM order_events WHERE processed_at IS NULL AND dead_at IS NULL")
            try db.execute(
                sql: "INSERT INTO order_events (order_id, type, created_at) VALUES (0, 'order.malformed', ?)",
                arguments: [(createdAt ?? Date().timeIntervalSince1970) - 0.001]
            )
        }
    }

    /// Moves malformed events to the dead-letter state, which is how an operator unblocks the queue.
    package func deadLetterPoisonEvents() async throws {
        let now = Date().timeIntervalSince1970
        try await self.pool.write { db in
            try db.execute(
                sql: "UPDATE order_events SET dead_at = ? WHERE type = 'order.malformed' AND processed_at IS NULL AND dead_at IS NULL",
                arguments: [now]
            )
        }
    }

    /// Waiting events and the age of the oldest, for the worker's backlog signals.
    package func backlog() async throws -> Backlog {
        try await self.passFaults()
        let now = Date().timeIntervalSince1970
        return try await self.pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM order_events WHERE processed_at IS NULL AND dead_at IS NULL"
            )
            let depth: Int = row?["depth"] ?? 0
            let oldest: Double? = row?["oldest"]
            return Backlog(depth: depth, oldestAgeSeconds: oldest.map { max(0, now - $0) })
        }
    }
}
