import Logging
import Testing
import Vitals
import VitalsProcess
import VitalsTestSupport

@testable import VitalsDemo

@Suite struct WorkerAndJobTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func worker(_ fixture: DemoFixture, _ signals: SignalRegistry) -> OrderEventsWorker {
        OrderEventsWorker(
            database: fixture.database,
            faults: fixture.faults,
            monitor: WorkerMonitor(name: "orders-worker", signals: signals),
            backlogTimeout: .seconds(10),
            logger: self.logger
        )
    }

    @Test func theWorkerConfirmsOrdersAndReportsItsBacklog() async throws {
        let fixture = try DemoFixture()
        let signals = SignalRegistry(samplerDeadline: .seconds(20))
        let worker = self.worker(fixture, signals)
        for index in 0..<3 { _ = try await fixture.database.createOrder(item: "item \(index)", quantity: 1) }
        #expect(ExpositionSamples(await signals.exposition()).value("worker_queue_depth") == 3)
        try await worker.pollOnce()
        let exposition = ExpositionSamples(await signals.exposition())
        #expect(exposition.value("worker_queue_depth") == 0)
        #expect(exposition.value("worker_events_handled_total", ["outcome": "success"]) == 3)
        #expect(try await fixture.database.orders(limit: 10).allSatisfy { $0.status == "confirmed" })
    }

    @Test func aStalledWorkerReadsButMakesNoProgress() async throws {
        let fixture = try DemoFixture()
        let signals = SignalRegistry(samplerDeadline: .seconds(20))
        let worker = self.worker(fixture, signals)
        _ = try await fixture.database.createOrder(item: "x", quantity: 1)
        fixture.faults.set(
            {
                var state = FaultState()
                state.worker = "stall"
                return state
            }()
        )
        try await worker.pollOnce()
        let exposition = ExpositionSamples(await signals.exposition())
        #expect(exposition.value("worker_events_read_total") == 1)
        #expect((exposition.value("worker_last_read_timestamp_seconds") ?? 0) > 0)
        #expect(exposition.value("worker_last_progress_timestamp_seconds") == 0)
        #expect(exposition.value("worker_queue_depth") == 1)
    }

    @Test func aPoisonMessageBlocksTheQueueUntilDeadLettered() async throws {
        let fixture = try DemoFixture()
        let signals = SignalRegistry(samplerDeadline: .seconds(20))
        let worker = self.worker(fixture, signals)
        _ = try await fixture.database.createOrder(item: "first", quantity: 1)
        try await fixture.database.insertPoisonEvent()
        _ = try await fixture.database.createOrder(item: "behind", quantity: 1)
        for _ in 0..<3 { try await worker.pollOnce() }
        var exposition = ExpositionSamples(await signals.exposition())
        #expect(exposition.value("worker_events_failed_total", ["error_class": "MalformedEvent", "event_type": "order.malformed"]) == 3)
        #expect(exposition.value("worker_events_handled_total", ["outcome": "success"]) == nil, "nothing behind the poison moves")
        #expect(exposition.value("worker_queue_depth") == 3)

        try await fixture.database.deadLetterPoisonEvents()
        try await worker.pollOnce()
        exposition = ExpositionSamples(await signals.exposition())
        #expect(exposition.value("worker_events_handled_total", ["outcome": "success"]) == 2)
        #expect(exposition.value("worker_queue_depth") == 0)
    }

    @Test(arguments: [(nil, 1.0, 2.0), ("empty", 1.0, 0.0), ("fail", 0.0, 0.0)] as [(String?, Double, Double)])
    func theReportJobRecordsEachOutcome(fault: String?, status: Double, records: Double) async throws {
        let fixture = try DemoFixture()
        let signals = SignalRegistry(samplerDeadline: .seconds(20))
        for _ in 0..<2 { _ = try await fixture.database.createOrder(item: "x", quantity: 1) }
        fixture.faults.set(
            {
                var state = FaultState()
                state.job = fault
                return state
            }()
        )
        let job = DailyReportJob(
            database: fixture.database,
            faults: fixture.faults,
            jobs: JobMonitor(signals: signals),
            period: .seconds(60),
            logger: self.logger
        )
        await job.runOnce()
        let exposition = ExpositionSamples(await signals.exposition())
        #expect(exposition.value("job_last_run_status", ["job": "daily-report"]) == status)
        #expect(exposition.value("job_last_run_records", ["job": "daily-report"]) == records)
    }

    @Test func aSkippedJobLeavesNoTrace() async throws {
        let fixture = try DemoFixture()
        let signals = SignalRegistry(samplerDeadline: .seconds(20))
        fixture.faults.set(
            {
                var state = FaultState()
                state.job = "skip"
                return state
            }()
        )
        let job = DailyReportJob(
            database: fixture.database,
            faults: fixture.faults,
            jobs: JobMonitor(signals: signals),
            period: .seconds(60),
            logger: self.logger
        )
        await job.runOnce()
        #expect(ExpositionSamples(await signals.exposition()).matching("job_last_run_timestamp_seconds").isEmpty)
    }
}
