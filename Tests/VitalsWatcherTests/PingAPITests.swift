import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Vitals
import VitalsCore
import VitalsWatcher

@testable import VitalsStore

/// The ping API end to end over real HTTP, into a real SQLite file.
@Suite struct PingAPITests {
    static let pingKey = "k3y-0123456789abcdef"

    func fixture() async throws -> (app: some ApplicationProtocol, store: SQLiteStore, tokens: [String: String]) {
        let yaml = """
            watcher: { listen: "127.0.0.1:0", ping_key: \(Self.pingKey), ping_rate: 1 }
            workloads:
              nightly: { kind: job, schedule: "0 3 * * *" }
              strict: { kind: job, schedule: "0 4 * * *", post_only: true, token: strict-token-000000001 }
            """
        let spec = try SpecLoader.parse(yaml, file: "vitals.yml", environment: [:])
        let store = try SQLiteStore(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("watcher-\(UUID().uuidString)/vitals.db").path
        )
        let app = try await Watcher(
            spec: spec,
            store: store,
            signals: SignalRegistry(),
            health: HealthRegistry(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        ).application
        let tokens = Dictionary(uniqueKeysWithValues: try await store.workloads().map { ($0.name, $0.token) })
        return (app, store, tokens)
    }

    @Test func tokenAndSlugPingsAreStoredBeforeTheyAreAcknowledged() async throws {
        let (app, store, tokens) = try await self.fixture()
        let token = try #require(tokens["nightly"])
        let rid = "3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e4f13"
        try await app.test(.live) { client in
            try await client.execute(uri: "/ping/\(token)/start?rid=\(rid)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "OK")
                #expect(response.headers[HTTPField.Name("Ping-Body-Limit")!] == "100000")
            }
            try await client.execute(uri: "/ping/\(Self.pingKey)/nightly/log", method: .post, body: ByteBuffer(string: "half way\n")) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/ping/\(token)/0?rid=\(rid)&records=41200&duration=12.5",
                method: .post,
                body: ByteBuffer(string: "done\n")
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/ping/\(token)", method: .head) { #expect($0.status == .ok) }
        }
        let runs = try await store.runs(workload: "nightly", limit: 10)
        #expect(runs.count == 2)
        #expect(runs[1].records == 41_200)
        #expect(runs[1].durationSeconds == 12.5)
        #expect(runs[1].logTail == "done\n")
        #expect(try await store.pingCount(workload: "nightly") == 4)
    }

    @Test func refusalsSayWhyAndStoreNothing() async throws {
        let (app, store, tokens) = try await self.fixture()
        let token = try #require(tokens["nightly"])
        try await app.test(.live) { client in
            try await client.execute(uri: "/ping/00000000000000000000000000000000", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/ping/wrong-key-0000000000/nightly", method: .get) { #expect($0.status == .notFound) }
            for path in ["/ping/", "/ping/\(token)/0/extra/segment", "/ping/\(token)/fail/x"] {
                try await client.execute(uri: path, method: .post) { response in
                    #expect(response.status == .notFound, "\(path)")
                }
            }
            try await client.execute(uri: "/ping/\(token)/256", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("/<exit status 0-255>"))
            }
            try await client.execute(uri: "/ping/\(token)?records=many", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/ping/strict-token-000000001", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/ping/strict-token-000000001", method: .post) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"vitals_pings_rejected_total{reason="unknown_token"} 4"#), "two unknown tokens, two paths too deep")
                #expect(text.contains(#"vitals_pings_rejected_total{reason="invalid"} 2"#))
                #expect(text.contains(#"vitals_pings_rejected_total{reason="post_only"} 1"#))
                #expect(text.contains("vitals_pings_accepted_total 1"))
            }
        }
        #expect(try await store.pingCount(workload: "nightly") == 0)
        #expect(try await store.pingCount(workload: "strict") == 1)
    }

    @Test func aFloodGets429WithRetryAfterNeverASilentDrop() async throws {
        let (app, store, tokens) = try await self.fixture()
        let token = try #require(tokens["nightly"])
        let (accepted, limited, retryAfter) = try await app.test(.live) { client in
            var accepted = 0
            var limited = 0
            var retryAfter: String?
            for _ in 0..<Int(Watcher.pingBurst) + 20 {  // at ping_rate 1/s, 20 over the burst cannot refill in time even on a loaded machine
                try await client.execute(uri: "/ping/\(token)/log", method: .post) { response in
                    if response.status == .ok { accepted += 1 }
                    if response.status == .tooManyRequests {
                        limited += 1
                        retryAfter = response.headers[.retryAfter]
                    }
                }
            }
            return (accepted, limited, retryAfter)
        }
        #expect(limited > 0)
        #expect(accepted + limited == Int(Watcher.pingBurst) + 20)
        #expect(Int(retryAfter ?? "") ?? 0 >= 1)
        #expect(try await store.pingCount(workload: "nightly") == accepted, "every 2xx is stored, nothing else")
    }

    @Test func oversizedBodiesAreCutNotRefused() async throws {
        let (app, store, tokens) = try await self.fixture()
        let token = try #require(tokens["nightly"])
        try await app.test(.live) { client in
            try await client.execute(uri: "/ping/\(token)/1", method: .post, body: ByteBuffer(repeating: UInt8(ascii: "x"), count: 300_000)) {
                #expect($0.status == .ok)
            }
        }
        // The whole stored log, not the tail diagnoses read.
        let log = try #require(try await store.pool.read { db in try String.fetchOne(db, sql: "SELECT log FROM runs WHERE workload = 'nightly'") })
        #expect(log.utf8.count >= PingParser.bodyLimit)
        #expect(log.utf8.count < 300_000)
    }
}
