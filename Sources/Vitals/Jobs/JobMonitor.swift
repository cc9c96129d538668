public import Logging
import Prometheus
import ServiceContextModule
public import Tracing
import VitalsBase
import VitalsSignals

/// Instruments scheduled jobs: records the job signals of the contract for each run and, when a
/// ``PingTarget`` is given, pushes start and finish to the watcher so a job that never runs is noticed.
///
/// ```swift
/// let jobs = JobMonitor(signals: signals, ping: .slug(base: "http://127.0.0.1:9100", pingKey: key))
/// try await jobs.run("nightly-report") { run in
///     run.records += try await writeReport()
/// }
/// ```
public final class JobMonitor: Sendable {
    private let signals: SignalRegistry
    private let clock: WallClock
    private let pinger: PingClient?
    private let tracer: (any Tracer)?

    /// - Parameters:
    ///   - signals: where the job signals go, usually ``Vitals/signals``.
    ///   - ping: where to push start and finish; `nil` for metrics only.
    ///   - clock: wall time for the timestamps; tests inject their own.
    ///   - logger: for undeliverable pings.
    ///   - tracer: for the run spans; default `InstrumentationSystem.tracer` as bootstrapped.
    public init(
        signals: SignalRegistry,
        ping: PingTarget? = nil,
        clock: WallClock = .system,
        logger: Logger = Logger(label: "vitals.jobs"),
        tracer: (any Tracer)? = nil
    ) {
        self.signals = signals
        self.tracer = tracer
        self.clock = clock
        self.pinger = ping.map { PingClient(target: $0, logger: logger) }
    }

    /// Runs one job execution: pings start, runs `body`, records the outcome and pings the finish
    /// with exit status (0 or 1), duration and records. Errors from `body` are rethrown after recording.
    ///
    /// The run is one span, `job <name>`, with the pings inside it; its run id is the `request_id` of every
    /// log line written during the run, so a failed run's lines are found by the id the watcher shows.
    @discardableResult
    public func run<T: Sendable>(_ job: String, _ body: (JobRun) async throws -> T) async throws -> T {
        let run = JobRun(job: job, id: RequestID.generate())
        var context = ServiceContext.current ?? .topLevel
        context.requestID = run.id
        let span = (self.tracer ?? InstrumentationSystem.tracer).startSpan("job \(job)", context: context, ofKind: .internal)
        defer { span.end() }
        if span.isRecording {
            span.attributes["vitals.job"] = job
            span.attributes["vitals.run_id"] = run.id
        }
        return try await ServiceContext.$current.withValue(span.context) {
            let startedAt = self.clock.now()
            self.signals.gauge(Signal.Job.lastRun, job).set(to: startedAt)
            await self.pinger?.ping(job: job, suffix: "start", query: [("rid", run.id)])
            let start = ContinuousClock.now
            do {
                let value = try await body(run)
                if span.isRecording { span.attributes["vitals.job.records"] = run.records }
                await self.finish(run, succeeded: true, seconds: (ContinuousClock.now - start).inSeconds, log: nil)
                return value
            } catch {
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error))
                await self.finish(run, succeeded: false, seconds: (ContinuousClock.now - start).inSeconds, log: String(describing: error))
                throw error
            }
        }
    }

    private func finish(_ run: JobRun, succeeded: Bool, seconds: Double, log: String?) async {
        let job = run.job
        self.signals.gauge(Signal.Job.lastStatus, job).set(to: succeeded ? 1 : 0)
        self.signals.gauge(Signal.Job.lastDuration, job).set(to: seconds)
        self.signals.gauge(Signal.Job.lastRecords, job).set(to: Double(run.records))
        self.signals.counter(Signal.Job.runs, job, succeeded ? "success" : "failure").increment()
        if succeeded { self.signals.gauge(Signal.Job.lastSuccess, job).set(to: self.clock.now()) }
        let query = [("rid", run.id), ("records", String(run.records)), ("duration", String(seconds))]
        await self.pinger?.ping(job: job, suffix: succeeded ? "0" : "1", query: query, body: log)
    }
}
