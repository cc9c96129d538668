import Foundation
import Logging
import Vitals

/// README: workers and jobs.
func workersAndJobs(queue: Queue, event: Event, report: Report) async throws {
    // snippet
    let worker = WorkerMonitor(name: "orders-worker", signals: Vitals.signals)
    worker.registerBacklog(queue: "order_events") { try await queue.backlog() }
    try await worker.handle(handler: "confirm", eventType: event.type) { try await confirm(event) }

    let jobs = JobMonitor(signals: Vitals.signals, ping: PingTarget.fromEnvironment(ProcessInfo.processInfo.environment))
    try await jobs.run("nightly-report") { run in run.records += try await report.export() }
    // end snippet
}

/// docs/library.md §6: a worker loop that goes on past a failing event.
func workerLoop(queue: Queue, logger: Logger) async throws {
    // snippet
    let monitor = WorkerMonitor(name: "orders-worker", signals: Vitals.signals)
    monitor.registerBacklog(queue: "order_events") { try await queue.backlog() }  // sampled at scrape time

    while !Task.isCancelled {
        let events = try await queue.poll()
        monitor.recordRead(source: "order_events", count: events.count)  // empty reads count too
        for event in events {
            do {
                // The request's trace and request id continue here, from the headers stored with the event.
                try await monitor.handle(handler: "confirm", eventType: event.type, propagated: event.headers) {
                    try await confirm(event)
                }
            } catch {
                // Recorded as failed with its error_class; one bad event does not stop the worker.
                logger.error("Event not confirmed", metadata: ["event.type": "\(event.type)", "error": "\(error)"])
            }
        }
    }
    // end snippet
}

/// docs/library.md §6: the producer side of propagation.
func enqueue(queue: Queue) async throws {
    // snippet
    // In the request handler: the event carries the request's trace and id to the worker.
    try await queue.push(Event(type: "order.created", headers: Propagation.headers()))
    // end snippet
}

/// docs/library.md §7: scheduled jobs.
func scheduledJob(key: String, report: Report) async throws {
    // snippet
    let jobs = JobMonitor(signals: Vitals.signals, ping: .slug(base: "http://watcher:9100", pingKey: key))
    try await jobs.run("nightly-report") { run in
        run.records += try await report.export()
    }
    // end snippet
}
