package import Logging
package import ServiceLifecycle
package import Vitals

/// The demo's background worker: consumes the order-events queue and confirms orders, in order.
///
/// Strict ordering is what makes a poison message dangerous: it fails at the head of the queue and
/// everything behind it waits, which is the failure the worker signals exist to reveal.
package struct OrderEventsWorker: Service {
    struct MalformedEvent: Error {}

    static let source = "order_events"
    static let handler = "confirm-order"

    let database: OrdersDatabase
    let faults: Faults
    let monitor: WorkerMonitor
    let pollInterval: Duration
    /// Pause after a failed event before the next attempt, so a poison message does not spin the worker.
    let retryDelay: Duration = .seconds(1)
    let logger: Logger

    /// - Parameter backlogTimeout: how long the backlog query may take at a scrape before the backlog reads
    ///   as unknown; the library's default unless a test, on a loaded machine, gives it longer.
    package init(
        database: OrdersDatabase,
        faults: Faults,
        monitor: WorkerMonitor,
        pollInterval: Duration = .milliseconds(250),
        backlogTimeout: Duration? = nil,
        logger: Logger
    ) {
        self.database = database
        self.faults = faults
        self.monitor = monitor
        self.pollInterval = pollInterval
        self.logger = logger
        if let backlogTimeout {
            monitor.registerBacklog(queue: Self.source, timeout: backlogTimeout) { try await database.backlog() }
        } else {
            monitor.registerBacklog(queue: Self.source) { try await database.backlog() }
        }
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var pause = self.pollInterval
                do {
                    if try await self.pollOnce() == .failed { pause = self.retryDelay }
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.error("Polling the queue failed", metadata: ["error": "\(error)"])
                    pause = self.retryDelay
                }
                try? await Task.sleep(for: pause)
            }
        }
    }

    enum PollOutcome { case handled, failed, paused }

    /// Reads one batch and handles it; stops at the first failure so order is kept.
    @discardableResult
    func pollOnce() async throws -> PollOutcome {
        let events = try await self.database.pendingEvents(limit: 20)
        self.monitor.recordRead(source: Self.source, count: events.count)
        if self.faults.current.worker == "stall" { return .paused }
        for event in events {
            do {
                try await self.monitor.handle(handler: Self.handler, eventType: event.type) {
                    if event.type == "order.malformed" { throw MalformedEvent() }
                    try await self.database.confirm(event)
                }
            } catch {
                try await self.database.recordAttempt(event)
                self.logger.warning(
                    "Event failed; will retry",
                    metadata: ["event.id": "\(event.id)", "event.type": "\(event.type)", "error.type": "\(type(of: error))"]
                )
                return .failed
            }
        }
        return .handled
    }
}
