import Synchronization
import Testing
import VitalsProcess
import VitalsSignals
import VitalsTestSupport

@testable import Vitals

@Suite struct WorkerMonitorTests {
    struct TimeoutError: Error {}

    final class ManualWallClock: Sendable {
        let now = Mutex(1_000.0)
        var clock: WallClock { WallClock { self.now.withLock { $0 } } }
    }

    // Generous deadlines: the tests run hundreds at once on two cores, and only the hung provider is about time.
    let signals = SignalRegistry(samplerDeadline: .seconds(20))
    let manual = ManualWallClock()
    var clock: WallClock { self.manual.clock }

    @Test func readsOutcomesAndProgressAreRecordedSeparately() async throws {
        let monitor = WorkerMonitor(name: "orders-worker", signals: self.signals, clock: self.clock)
        var exposition = ExpositionSamples(await self.signals.exposition())
        #expect(exposition.value("worker_last_read_timestamp_seconds", ["worker": "orders-worker"]) == 0, "visible before the first read")

        monitor.recordRead(source: "order_events", count: 3)
        try await monitor.handle(handler: "confirm", eventType: "order.created") {}
        self.manual.now.withLock { $0 = 2_000 }
        monitor.recordRead(source: "order_events", count: 0)
        await #expect(throws: TimeoutError.self) {
            try await monitor.handle(handler: "confirm", eventType: "order.created") { throw TimeoutError() }
        }
        monitor.record(outcome: .retried, handler: "confirm", eventType: "order.created")

        exposition = ExpositionSamples(await self.signals.exposition())
        #expect(exposition.value("worker_events_read_total", ["source": "order_events"]) == 3)
        #expect(exposition.value("worker_last_read_timestamp_seconds") == 2_000)
        #expect(exposition.value("worker_last_progress_timestamp_seconds") == 1_000, "a failure is not progress")
        #expect(exposition.value("worker_events_handled_total", ["outcome": "success"]) == 1)
        #expect(exposition.value("worker_events_handled_total", ["outcome": "failed"]) == 1)
        #expect(exposition.value("worker_events_handled_total", ["outcome": "retried"]) == 1)
        #expect(
            exposition.value("worker_events_failed_total", ["handler": "confirm", "event_type": "order.created", "error_class": "TimeoutError"]) == 1
        )
        #expect(exposition.value("worker_event_processing_duration_seconds_count", ["handler": "confirm"]) == 2)
    }

    @Test func backlogIsSampledAtScrapeTime() async {
        let monitor = WorkerMonitor(name: "w", signals: self.signals)
        let depth = Mutex(5)
        monitor.registerBacklog(queue: "jobs", timeout: .seconds(10)) { Backlog(depth: depth.withLock { $0 }, oldestAgeSeconds: 42) }
        #expect(ExpositionSamples(await self.signals.exposition()).value("worker_queue_depth", ["queue": "jobs"]) == 5)
        depth.withLock { $0 = 9 }
        let exposition = ExpositionSamples(await self.signals.exposition())
        #expect(exposition.value("worker_queue_depth", ["queue": "jobs"]) == 9)
        #expect(exposition.value("worker_queue_oldest_age_seconds", ["queue": "jobs"]) == 42)
    }

    @Test func aFailingOrHangingBacklogProviderReadsAsUnknown() async {
        struct QueueUnreachable: Error {}
        let monitor = WorkerMonitor(name: "w", signals: self.signals)
        monitor.registerBacklog(queue: "broken", timeout: .seconds(10)) { throw QueueUnreachable() }
        monitor.registerBacklog(queue: "hung", timeout: .milliseconds(100)) {
            try await Task.sleep(for: .seconds(60))
            return Backlog(depth: 1, oldestAgeSeconds: 1)
        }
        let exposition = ExpositionSamples(await self.signals.exposition())
        #expect(exposition.value("worker_queue_depth", ["queue": "broken"])?.isNaN == true)
        #expect(exposition.value("worker_queue_depth", ["queue": "hung"])?.isNaN == true)
    }
}

@Suite struct JobMonitorTests {
    struct ExportFailed: Error {}

    @Test func aRunRecordsItsOutcomeDurationAndRecords() async throws {
        let signals = SignalRegistry()
        let jobs = JobMonitor(signals: signals, clock: WallClock { 5_000 })
        try await jobs.run("nightly-report") { run in
            run.records += 40
            run.records += 2
        }
        await #expect(throws: ExportFailed.self) {
            try await jobs.run("nightly-report") { run in
                run.records = 7
                throw ExportFailed()
            }
        }
        let exposition = ExpositionSamples(await signals.exposition())
        let job = ["job": "nightly-report"]
        #expect(exposition.value("job_last_run_status", job) == 0)
        #expect(exposition.value("job_last_run_records", job) == 7)
        #expect(exposition.value("job_last_success_timestamp_seconds", job) == 5_000)
        #expect(exposition.value("job_last_run_timestamp_seconds", job) == 5_000)
        #expect(exposition.value("job_runs_total", ["job": "nightly-report", "outcome": "success"]) == 1)
        #expect(exposition.value("job_runs_total", ["job": "nightly-report", "outcome": "failure"]) == 1)
        #expect((exposition.value("job_last_run_duration_seconds", job) ?? -1) >= 0)
    }
}
