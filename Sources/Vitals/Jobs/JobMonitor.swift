public import Logging
import Prometheus
import VitalsBase
public import VitalsSignals

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

    /// - Parameters:
    ///   - signals: where the job signals go, usually ``Vitals/signals``.
    ///   - ping: where to push start and finish; `nil` for metrics only.
    ///   - clock: wall time for the timestamps; tests inject their own.
    ///   - logger: for undeliverable pings.
    public init(signals: SignalRegistry, ping: PingTarget? = nil, clock: WallClock = .system, logger: Logger = Logger(label: "vitals.jobs")) {
        self.signals = signals
        self.clock = clock
        self.pinger = ping.map { PingClient(target: $0, logger: logger) }
    }

    /// Runs one job execution: pings start, runs `body`, records the outcome and pings the finish
    /// with exit status (0 or 1), duration and records. Errors from `body` are rethrown after recording.
    @discardableResult
    public func run<T: Sendable>(_ job: String, _ body: (JobRun) async throws -> T) async throws -> T {
        let run = JobRun(job: job, id: RequestID.generate())
        let startedAt = self.clock.now()
        self.signals.gauge(Signal.Job.lastRun, job).set(to: startedAt)
        await self.pinger?.ping(job: job, suffix: "start", query: [("rid", run.id)])
        let start = ContinuousClock.now
        do {
            let value = try await body(run)
            await self.finish(run, succeeded: true, seconds: (ContinuousClock.now - start).inSeconds, log: nil)
            return value
        } catch {
            await self.finish(run, succeeded: false, seconds: (ContinuousClock.now - start).inSeconds, log: String(describing: error))
            throw error
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
