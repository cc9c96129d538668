import Vitals

// What the snippets call that is the reader's own code, not Vitals: a database, a queue, a report.
// The snippets compile against these, so every name they use from Vitals, Hummingbird, Vapor and
// swift-service-lifecycle is checked by the compiler.

struct Database: Sendable {
    func ping() async throws {}
}

struct Orders: Sendable {
    func find(_ id: Int) async throws -> String { "order \(id)" }
}

struct Event: Sendable {
    var type: String
    var headers: [String: String]
}

struct Queue: Sendable {
    func poll() async throws -> [Event] { [] }
    func backlog() async throws -> Backlog { Backlog(depth: 0, oldestAgeSeconds: nil) }
    func push(_ event: Event) async throws {}
}

struct Report: Sendable {
    func export() async throws -> Int { 0 }
}

func confirm(_ event: Event) async throws {}

struct Prices: Sendable {
    func cached(_ order: String) async -> Double? { nil }
}
