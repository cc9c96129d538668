import Foundation
import Logging
import Prometheus
package import ServiceLifecycle
import Synchronization
import Vitals
import VitalsBase
import VitalsCore

/// Runs the evaluator every `evaluate_every` until shutdown, measures itself, keeps the latest result
/// for the status page, and pings the outbound heartbeat after each healthy cycle.
package final class EvaluationService: Service, Sendable {
    let evaluator: Evaluator
    let every: Duration
    let metrics: WatcherMetrics
    let latest: LatestEvaluation
    let heartbeat: PingClient?
    let time: WatcherTime
    let logger: Logger
    /// Set after each commit so the notifier sends at once rather than on its next tick.
    let onCommit: @Sendable () -> Void

    init(
        evaluator: Evaluator,
        every: Duration,
        metrics: WatcherMetrics,
        latest: LatestEvaluation,
        heartbeat: String?,
        time: WatcherTime,
        logger: Logger,
        onCommit: @escaping @Sendable () -> Void
    ) {
        self.evaluator = evaluator
        self.every = every
        self.metrics = metrics
        self.latest = latest
        // Short budget: the heartbeat must never hold up the next cycle for long.
        var target = heartbeat.map { url in PingTarget { _ in url } }
        target?.timeout = .seconds(3)
        self.heartbeat = target.map { PingClient(target: $0, logger: logger, clock: time.clock) }
        self.time = time
        self.logger = logger
        self.onCommit = onCommit
    }

    package func run() async throws {
        // Cancelled on graceful shutdown, so SIGTERM does not wait out the sleep before the next cycle.
        await cancelWhenGracefulShutdown {
            let clock = self.time.clock
            var planned = clock.now
            var steps = WallClockSteps(tolerance: max(.seconds(5), self.every))
            while !Task.isCancelled {
                let started = clock.now
                self.metrics.schedulerLag.set(planned.duration(to: started).inSeconds)
                let now = self.time.wall()
                let step = steps.observe(wall: now, monotonic: started.offset)
                if let step {
                    self.metrics.clockSteps.increment()
                    self.logger.warning("Wall clock stepped; alert holds moved with it", metadata: ["clock.step_seconds": "\(step)"])
                }
                let healthy = await self.cycle(now: now, wallClockStep: step ?? 0)
                self.metrics.evaluationDuration.record(started.duration(to: clock.now))
                if healthy, let heartbeat = self.heartbeat, await !heartbeat.ping(job: "vitals-watcher", suffix: "") {
                    self.metrics.heartbeatFailures.increment()
                }
                planned = planned.advanced(by: self.every)
                // After a long stall (suspend, overload), skip missed slots instead of running them back to back.
                if planned < clock.now { planned = clock.now }
                try? await clock.sleep(until: planned, tolerance: .milliseconds(50))
            }
        }
    }

    /// One cycle; false if it failed (the next one retries from the stored state).
    func cycle(now: Date, wallClockStep: TimeInterval) async -> Bool {
        do {
            switch try await self.evaluator.evaluate(now: now, wallClockStep: wallClockStep) {
            case .evaluated(let evaluation):
                self.latest.set(evaluation)
                self.metrics.alertsFiring.set(Double(evaluation.alerts.values.count { $0.phase != .pending }))
                self.metrics.evaluationsOK.increment()
                if !evaluation.actions.isEmpty { self.onCommit() }
            case .skipped:
                // Healthy: another watcher on the shared store took this cycle.
                self.metrics.evaluationsSkipped.increment()
            }
            return true
        } catch {
            self.metrics.evaluationsFailed.increment()
            self.logger.error("Evaluation failed", metadata: ["error": "\(error)"])
            return false
        }
    }
}

/// The newest evaluation, shared with the status page and the API.
package final class LatestEvaluation: Sendable {
    private let value = Mutex<Evaluation?>(nil)

    package init() {}

    package func set(_ evaluation: Evaluation) { self.value.withLock { $0 = evaluation } }

    package func get() -> Evaluation? { self.value.withLock { $0 } }
}
