import Prometheus
import ServiceContextModule
public import Tracing
import VitalsBase
public import VitalsSignals

/// Instruments a background worker with the worker signals of the contract.
///
/// ```swift
/// let monitor = WorkerMonitor(name: "orders-worker", signals: signals)
/// monitor.registerBacklog(queue: "order_events") { try await queue.backlog() }
/// while true {
///     let events = try await queue.poll()
///     monitor.recordRead(source: "order_events", count: events.count)
///     for event in events {
///         try? await monitor.handle(handler: "confirm", eventType: event.type) { try await confirm(event) }
///     }
/// }
/// ```
///
/// Reads and progress are separate on purpose: a worker that keeps reading but never succeeds is
/// *stalled*, one that stops reading with a backlog is *not consuming*; the watcher tells them apart.
public final class WorkerMonitor: Sendable {
    /// The `worker` label value.
    public let name: String
    private let signals: SignalRegistry
    private let clock: WallClock
    private let buckets: [Double]
    private let tracer: (any Tracer)?

    /// - Parameters:
    ///   - name: the `worker` label, e.g. `orders-worker`.
    ///   - signals: where the signals go, usually ``Vitals/signals``.
    ///   - clock: wall time for the timestamps; tests inject their own.
    ///   - buckets: processing-duration buckets in seconds.
    ///   - tracer: for the handling spans; default `InstrumentationSystem.tracer` as bootstrapped.
    public init(
        name: String,
        signals: SignalRegistry,
        clock: WallClock = .system,
        buckets: [Double] = Signal.Worker.durationBuckets,
        tracer: (any Tracer)? = nil
    ) {
        self.name = name
        self.tracer = tracer
        self.signals = signals
        self.clock = clock
        self.buckets = buckets
        // Present from the start, so "never read" is visible as 0 rather than as a missing series.
        signals.gauge(Signal.Worker.lastRead, name).set(to: 0)
        signals.gauge(Signal.Worker.lastProgress, name).set(to: 0)
    }

    /// Records one read from `source`, including an empty one: reading nothing is still a sign of life.
    public func recordRead(source: String, count: Int) {
        if count > 0 { self.signals.counter(Signal.Worker.eventsRead, self.name, source).increment(by: Int64(count)) }
        self.signals.gauge(Signal.Worker.lastRead, self.name).set(to: self.clock.now())
    }

    /// Records an event's outcome; `success` also advances the last-progress timestamp.
    public func record(
        outcome: Signal.Worker.Outcome,
        handler: String,
        eventType: String,
        seconds: Double? = nil,
        error: (any Error)? = nil
    ) {
        self.signals.counter(Signal.Worker.eventsHandled, self.name, handler, eventType, outcome.rawValue).increment()
        if let seconds {
            self.signals.histogram(Signal.Worker.processingDuration, buckets: self.buckets, self.name, handler, eventType)
                .record(seconds)
        }
        if let error {
            self.signals.counter(Signal.Worker.eventsFailed, self.name, handler, eventType, Self.errorClass(error)).increment()
        }
        if outcome == .success {
            self.signals.gauge(Signal.Worker.lastProgress, self.name).set(to: self.clock.now())
        }
    }

    /// Runs `body` as the handling of one event: times it and records success, or failure with the
    /// error's type as `error_class`, then rethrows.
    ///
    /// The handling is a consumer span named `<handler> <eventType>`. With `propagated` — the
    /// ``Propagation/headers(from:)`` the producer stored beside the event — the span continues the
    /// producer's trace and every log line written while handling carries the producer's `request_id`.
    public func handle<T>(
        handler: String,
        eventType: String,
        propagated: [String: String]? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        let tracer = self.tracer ?? InstrumentationSystem.tracer
        let context = propagated.map { Propagation.context(from: $0, instrument: tracer) } ?? ServiceContext.current ?? .topLevel
        let span = tracer.startSpan("\(handler) \(eventType)", context: context, ofKind: .consumer)
        defer { span.end() }
        if span.isRecording {
            span.attributes["vitals.worker"] = self.name
            span.attributes["vitals.handler"] = handler
            span.attributes["vitals.event_type"] = eventType
        }
        let start = ContinuousClock.now
        do {
            let value = try await ServiceContext.$current.withValue(span.context) { try await body() }
            self.record(outcome: .success, handler: handler, eventType: eventType, seconds: (ContinuousClock.now - start).inSeconds)
            return value
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            self.record(outcome: .failed, handler: handler, eventType: eventType, seconds: (ContinuousClock.now - start).inSeconds, error: error)
            throw error
        }
    }

    /// Samples the backlog of `queue` each time metrics are scraped. A provider that throws or takes
    /// longer than `timeout` reports `NaN`, so the watcher reads "unknown" rather than a stale number; the
    /// default, 300 ms, keeps `/metrics` answering within common scrape timeouts (1 s and up) in an outage.
    public func registerBacklog(queue: String, timeout: Duration = .milliseconds(300), _ provider: @escaping @Sendable () async throws -> Backlog) {
        let depth = self.signals.gauge(Signal.Worker.queueDepth, self.name, queue)
        let age = self.signals.gauge(Signal.Worker.queueOldestAge, self.name, queue)
        self.signals.addSampler {
            let sampled = SampledValue<Backlog>()
            let outcome = await Deadline.run(timeout) { sampled.set(try await provider()) }
            if case .finished = outcome, let backlog = sampled.get() {
                depth.set(to: Double(backlog.depth))
                age.set(to: backlog.oldestAgeSeconds ?? 0)
            } else {
                depth.set(to: .nan)
                age.set(to: .nan)
            }
        }
    }

    /// The `error_class` label for an error: its type name, bounded by the label cap.
    static func errorClass(_ error: any Error) -> String { String(describing: type(of: error)) }

}
