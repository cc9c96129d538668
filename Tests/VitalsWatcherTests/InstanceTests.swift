import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization
import Testing
import Vitals
import VitalsCore
import VitalsStore
import VitalsTestSupport
import VitalsWatcher

/// Several instances behind one workload, against real HTTP targets: counters followed per instance
/// across scrapes that alternate between them, a rolling restart told from a crash loop, replicas behind
/// one URL recognised, and instances that come and go with DNS.
@Suite(.timeLimit(.minutes(3))) struct InstanceTests {
    /// One replica: its counters grow by `step` at every scrape; `start` is its process start time.
    final class Replica: Sendable {
        struct State {
            var requests = 0.0
            var start: Double
            var scrapes = 0
        }
        let state: Mutex<State>
        let step: Double

        init(start: Double, requests: Double, step: Double) {
            self.state = Mutex(State(requests: requests, start: start))
            self.step = step
        }

        /// The exposition as of now; counters then grow for the next scrape.
        func exposition() -> String {
            self.state.withLock { state in
                defer {
                    state.requests += self.step
                    state.scrapes += 1
                }
                return Self.text(requests: state.requests, start: state.start)
            }
        }

        /// Restarts: a newer start time, counters from zero.
        func restart() {
            self.state.withLock { state in
                state.start += 60
                state.requests = 0
            }
        }

        static func text(requests: Double, start: Double) -> String {
            let labels = #"http_request_method="GET",http_route="/orders",http_response_status_code="200""#
            return """
                # TYPE http_server_request_duration_seconds histogram
                http_server_request_duration_seconds_bucket{\(labels),le="0.1"} \(requests)
                http_server_request_duration_seconds_bucket{\(labels),le="+Inf"} \(requests)
                http_server_request_duration_seconds_count{\(labels)} \(requests)
                http_server_request_duration_seconds_sum{\(labels)} \(requests * 0.01)
                # TYPE process_start_time_seconds gauge
                process_start_time_seconds \(start)

                """
        }

        func serve() async throws -> LocalServer {
            let router = Router()
            router.get("metrics") { _, _ in self.exposition() }
            router.get("health/live") { _, _ in #"{"status":"pass","checks":{}}"# }
            return try await LocalServer.start(router)
        }
    }

    /// Runs a watcher on `yaml` for `seconds`, calling `during` at each second; returns the watcher.
    func watch(
        _ yaml: String,
        seconds: Int,
        resolver: InstanceResolver = .system,
        during: @escaping (Int) async throws -> Void = { _ in }
    ) async throws -> Watcher {
        let spec = try SpecLoader.parse(yaml, file: "vitals.yml", environment: [:])
        let store = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("instances-\(UUID().uuidString)/v.db").path)
        let watcher = try await Watcher(
            spec: spec,
            store: store,
            signals: SignalRegistry(),
            health: HealthRegistry(),
            logger: WatcherFixture.quiet,
            resolver: resolver
        )
        let group = ServiceGroup(configuration: .init(services: watcher.services, logger: WatcherFixture.quiet))
        let running = Task { try await group.run() }
        for second in 0..<seconds {
            try await Task.sleep(for: .seconds(1))
            try await during(second)
        }
        await group.triggerGracefulShutdown()
        _ = await running.result
        return watcher
    }

    @Test func countersOfTwoInstancesAreFollowedApartAndSummed() async throws {
        // Far apart: one replica has served a million requests, the other 10.
        let (a, b) = (Replica(start: 1_800_000_000, requests: 1_000_000, step: 100), Replica(start: 1_800_000_500, requests: 10, step: 1))
        let (serverA, serverB) = (try await a.serve(), try await b.serve())
        defer { for server in [serverA, serverB] { server.stop() } }
        let (hostA, hostB) = ("127.0.0.1:\(serverA.port)", "127.0.0.1:\(serverB.port)")
        let watcher = try await self.watch(
            """
            watcher: { listen: "127.0.0.1:0" }
            workloads:
              orders-api: { kind: api, instances: [\(hostA), \(hostB)], live: /health/live, metrics: /metrics, interval: 1s, timeout: 1s }
            """,
            seconds: 5
        )
        let observation = watcher.observer.board.observation("orders-api", watchingSince: Date())
        let signals = try #require(observation.signals)
        let scrapesA = try #require(signals.instances[hostA]?.history.recent.count)
        let scrapesB = try #require(signals.instances[hostB]?.history.recent.count)
        #expect(scrapesA >= 3 && scrapesB >= 3, "both instances scraped on every slot")
        // Every scrape after the first adds exactly its replica's step: no reset read between them.
        #expect(signals.latest?.requests == Double(scrapesA - 1) * 100 + Double(scrapesB - 1))
        #expect(Set(observation.probes.map(\.check.url)) == ["http://\(hostA)/health/live", "http://\(hostB)/health/live"])
        let found = try await watcher.evaluator.evaluated(now: Date()).diagnoses["orders-api"] ?? []
        #expect(found.isEmpty, "two start times are two instances, not restarts: \(found)")
    }

    @Test func replicasBehindOneURLAreRecognisedNotReadAsRestarts() async throws {
        // A load balancer in front of two replicas: scrapes alternate between them.
        let (a, b) = (Replica(start: 1_800_000_000, requests: 50_000, step: 100), Replica(start: 1_800_000_500, requests: 10, step: 1))
        let turn = Mutex(0)
        let router = Router()
        router.get("metrics") { _, _ in
            turn.withLock { turn in
                defer { turn += 1 }
                return turn % 2 == 0 ? a.exposition() : b.exposition()
            }
        }
        let balancer = try await LocalServer.start(router)
        defer { balancer.stop() }
        let watcher = try await self.watch(
            """
            watcher: { listen: "127.0.0.1:0" }
            workloads:
              orders-api: { kind: api, metrics: "http://127.0.0.1:\(balancer.port)/metrics", interval: 1s, timeout: 1s }
            """,
            seconds: 5
        )
        let found = try await watcher.evaluator.evaluated(now: Date()).diagnoses["orders-api"] ?? []
        #expect(found.map(\.id) == [.unknown], "\(found)")
        #expect(found.first?.evidence.contains("answers from several processes") == true)
    }

    @Test func aRollingRestartIsQuietACrashLoopNamesItsInstance() async throws {
        let (a, b) = (Replica(start: 1_800_000_000, requests: 500, step: 10), Replica(start: 1_800_000_100, requests: 700, step: 10))
        let (serverA, serverB) = (try await a.serve(), try await b.serve())
        defer { for server in [serverA, serverB] { server.stop() } }
        let (hostA, hostB) = ("127.0.0.1:\(serverA.port)", "127.0.0.1:\(serverB.port)")
        let yaml = """
            watcher: { listen: "127.0.0.1:0" }
            workloads:
              orders-api: { kind: api, instances: [\(hostA), \(hostB)], live: /health/live, metrics: /metrics, interval: 1s, timeout: 1s }
            """
        // A deploy: A restarts, then B, a few seconds apart.
        let rolling = try await self.watch(yaml, seconds: 8) { second in
            if second == 2 { a.restart() }
            if second == 5 { b.restart() }
        }
        let quiet = try await rolling.evaluator.evaluated(now: Date()).diagnoses["orders-api"] ?? []
        #expect(quiet.isEmpty, "a rolling restart raised \(quiet)")

        // B crash-loops: three restarts.
        let looping = try await self.watch(yaml, seconds: 8) { second in
            if [1, 3, 5].contains(second) { b.restart() }
        }
        let found = try await looping.evaluator.evaluated(now: Date()).diagnoses["orders-api"] ?? []
        let restarting = try #require(found.first { $0.id == .apiRestarting }, "\(found)")
        #expect(restarting.evidence.hasPrefix("restarting on 1 of 2 instances: \(hostB) with "), "\(restarting.evidence)")
        #expect(!restarting.evidence.contains(hostA))
    }

    @Test func instancesFollowTheirDNSNameAsItScales() async throws {
        let (a, b) = (Replica(start: 1_800_000_000, requests: 0, step: 1), Replica(start: 1_800_000_100, requests: 0, step: 1))
        let (serverA, serverB) = (try await a.serve(), try await b.serve())
        defer { for server in [serverA, serverB] { server.stop() } }
        // The name's answer changes as the deployment scales: A, then A and B, then B.
        let answer = Mutex(["127.0.0.1:\(serverA.port)"])
        let resolver = InstanceResolver { host, _ in
            guard host == "orders.internal" else { throw InstanceResolver.Failure(description: "unknown name") }
            return answer.withLock { $0 }
        }
        let yaml = """
            watcher: { listen: "127.0.0.1:0" }
            workloads:
              orders-api: { kind: api, dns: "orders.internal:80", live: /health/live, metrics: /metrics, interval: 1s, timeout: 1s }
            """
        let watcher = try await self.watch(yaml, seconds: 7, resolver: resolver) { second in
            if second == 2 { answer.withLock { $0.append("127.0.0.1:\(serverB.port)") } }
            if second == 4 { answer.withLock { $0 = ["127.0.0.1:\(serverB.port)"] } }
        }
        #expect(watcher.observer.board.instances("orders-api") == ["127.0.0.1:\(serverB.port)"], "scaled down to B")
        let observation = watcher.observer.board.observation("orders-api", watchingSince: Date())
        #expect(observation.probes.map { $0.check.url } == ["http://127.0.0.1:\(serverB.port)/health/live"], "A's probes are gone with it")
        #expect(a.state.withLock { $0.scrapes } >= 2 && b.state.withLock { $0.scrapes } >= 2, "each was scraped while it was an instance")
        #expect(observation.signals?.instances.keys.sorted() == ["127.0.0.1:\(serverB.port)"])
    }

    @Test func theSystemResolverAnswersWithAddressesAndPorts() async throws {
        let localhost = try await InstanceResolver.system.resolve("localhost", port: 8080, timeout: .seconds(5))
        #expect(localhost.contains("127.0.0.1:8080") || localhost.contains("[::1]:8080"), "\(localhost)")
        let literal = try await InstanceResolver.system.resolve("127.0.0.2", port: 9, timeout: .seconds(5))
        #expect(literal == ["127.0.0.2:9"])
        await #expect(throws: InstanceResolver.Failure.self) {
            try await InstanceResolver.system.resolve("no-such-host.invalid", port: 80, timeout: .seconds(5))
        }
    }
}
