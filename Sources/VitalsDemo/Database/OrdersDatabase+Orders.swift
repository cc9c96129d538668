import Foundation
package import GRDB

/// An order as the API shows it.
package struct Order: Codable, Sendable, Equatable {
    /// Database id, also the path parameter of `GET /orders/{id}`.
    package var id: Int64
    /// What was ordered.
    package var item: String
    /// How many, 1 to 1000.
    package var quantity: Int
    /// `pending` until the worker confirms it, then `confirmed`.
    package var status: String
    /// Unix seconds.
    package var createdAt: Double

    enum CodingKeys: String, CodingKey {
        case id, item, quantity, status
        case createdAt = "created_at"
    }
}

extension Order: FetchableRecord {
    package init(row: Row) {
        self.init(id: row["id"], item: row["item"], quantity: row["quantity"], status: row["status"], createdAt: row["created_at"])
    }
}

extension OrdersDatabase {
    /// Inserts a pending order and its `order.created` event in one transaction.
    package func createOrder(item: String, quantity: Int) async throws -> Order {
        try await self.passFaults()
        let now = Date().timeIntervalSince1970
        return try await self.pool.write { db in
            try db.execute(
                sql: "INSERT INTO orders (item, quantity, status, created_at) VALUES (?, ?, 'pending', ?)",
                arguments: [item, quantity, now]
            )
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO order_events (order_id, type, created_at) VALUES (?, 'order.created', ?)",
                arguments: [id, now]
            )
            return Order(id: id, item: item, quantity: quantity, status: "pending", createdAt: now)
        }
    }

    /// The newest orders first.
    package func orders(limit: Int) async throws -> [Order] {
        try await self.passFaults()
        return try await self.pool.read { db in
            try Order.fetchAll(db, sql: "SELECT * FROM orders ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
    }

    /// One order, or `nil`.
    package func order(id: Int64) async throws -> Order? {
        try await self.passFaults()
        return try await self.pool.read { db in
            try Order.fetchOne(db, sql: "SELECT * FROM orders WHERE id = ?", arguments: [id])
        }
    }

    /// Orders created at or after `since` (Unix seconds).
    package func countOrders(since: Double) async throws -> Int {
        try await self.passFaults()
        return try await self.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE created_at >= ?", arguments: [since]) ?? 0
        }
    }

    /// Stores a finished report.
    package func insertReport(orders: Int) async throws {
        try await self.passFaults()
        let now = Date().timeIntervalSince1970
        try await self.pool.write { db in
            try db.execute(sql: "INSERT INTO reports (created_at, orders) VALUES (?, ?)", arguments: [now, orders])
        }
    }
}
