import Foundation
import Synchronization
import Testing
import Vitals
import VitalsCore
import VitalsSignals
import VitalsStore
import VitalsWatcher

/// Ten minutes of a healthy API and worker on a manual clock, their signals made by the real `Vitals`
/// library and read through the real parser, board, diagnosers and alert lifecycle: nothing may be
/// raised. Then a burst of 500s must be, so the quiet is not a blind spot.
@Suite struct CleanRunTests {
    static let yaml = """
        watcher: { listen: "127.0.0.1:0" }
        workloads:
          orders-api:
            kind: api
            live: http://127.0.0.1:1/health/live
            ready: http://127.0.0.1:1/health/ready
            metrics: http://127.0.0.1:1/metrics
            slo: { availability: 99.9%, latency: { below: 250ms, target: 99% } }
            for: 1m
          orders-worker:
            kind: worker
            metrics: http://127.0.0.1:2/metrics
            progress_within: 2m
            backlog: { max_age: 1m }
            for: 1m
        """

    @Test func aCleanTenMinuteRunRaisesNothingAndABurstOf500sDoes() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = Mutex(start.timeIntervalSince1970)
        let wall = WallClock { clock.withLock { $0 } }
        let apiSignals = SignalRegistry()
        let workerSignals = SignalRegistry()
        let http = HTTPServerMetrics(signals: apiSignals)
        let worker = WorkerMonitor(name: "orders-worker", signals: workerSignals, clock: wall)
        let backlog = Mutex(Backlog(depth: 0, oldestAgeSeconds: 0))
        worker.registerBacklog(queue: "order_events") { backlog.withLock { $0 } }

        let spec = try SpecLoader.parse(Self.yaml, file: "vitals.yml", environment: [:])
        let store = try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("clean-\(UUID().uuidString)/vitals.db").path)
        let watcher = try await Watcher(
            spec: spec,
            store: store,
            signals: SignalRegistry(),
            health: HealthRegistry(),
            logger: WatcherFixture.quiet,
            time: .at(start)
        )
        let board = watcher.observer.board
        let checks = spec.workloads[0].probeChecks

        var raised: [String] = []
        var errorsPerTenThousand = 1
        for second in 1...800 {
            let now = start.addingTimeInterval(Double(second))
            clock.withLock { $0 = now.timeIntervalSince1970 }
            if second == 600 { errorsPerTenThousand = 2000 }
            // 10 requests a second, 20–200 ms, a few 404s (not failures), rare 500s (spread by a prime stride).
            for index in 0..<10 {
                let request = http.requestStarted(method: "GET")
                let status = (second * 10 + index) * 7919 % 10_000 < errorsPerTenThousand ? 500 : (index == 9 && second % 7 == 0 ? 404 : 200)
                http.requestFinished(request, route: "/orders", status: status, seconds: 0.02 + Double((second * 7 + index * 13) % 19) / 100)
            }
            // The worker keeps up: three events in, three handled, a queue of 0–2 that is seconds old.
            worker.recordRead(source: "order_events", count: 3)
            for _ in 0..<3 { worker.record(outcome: .success, handler: "confirm-order", eventType: "order.created", seconds: 0.01) }
            backlog.withLock { $0 = Backlog(depth: second % 3, oldestAgeSeconds: Double(second % 3)) }

            if second % 15 == 0 {
                for check in checks {
                    board.record(ProbeOutcome(check: check.id, at: now, latency: 0.003, status: 200, failure: nil, detail: "200 OK"))
                }
                board.recordScrape(Self.reading(await apiSignals.exposition()), workload: "orders-api", at: now)
                board.recordScrape(Self.reading(await workerSignals.exposition()), workload: "orders-worker", at: now)
            }
            if second % 5 == 0 {
                let evaluation = try await watcher.evaluator.evaluated(now: now)
                raised += evaluation.diagnoses.flatMap { name, found in found.map { "\(second)s \(name) \($0.id): \($0.evidence)" } }
            }
            if second == 600 {
                #expect(raised.isEmpty, "a clean ten minutes raised \(raised)")
                raised = []
            }
        }
        #expect(raised.contains { $0.contains("orders-api api.errors: 5xx: ") }, "a 20% burst of 500s is diagnosed: \(raised.suffix(3))")
        let alerts = try await store.alertStates()
        #expect(alerts.keys.contains { $0.diagnosis == .apiErrors && alerts[$0]?.phase == .firing }, "and fires after for: 1m")
    }

    static func reading(_ bytes: [UInt8]) -> ScrapeReading {
        let exposition = ExpositionParser(format: .prometheus).parse(bytes)
        #expect(exposition.errors.isEmpty, "\(exposition.errors)")
        return ScrapeReading(exposition, profile: MetricProfile.detect(in: exposition) ?? .vitals)
    }
}
