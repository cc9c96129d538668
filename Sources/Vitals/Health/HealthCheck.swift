import Synchronization
import VitalsBase

/// One registered check with its cache and the run in flight, so a hung dependency is asked once per
/// TTL no matter how often probes arrive.
final class HealthCheck: Sendable {
    let name: String
    let group: HealthGroup
    let timeout: Duration
    private let body: @Sendable () async throws -> Void
    private let state = Mutex<State>(State())

    private struct State {
        var cached: (result: HealthCheckResult, at: ContinuousClock.Instant)?
        var inFlight: Task<HealthCheckResult, Never>?
    }

    init(name: String, group: HealthGroup, timeout: Duration, body: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.group = group
        self.timeout = timeout
        self.body = body
    }

    /// The cached result if younger than `ttl`, otherwise the result of the run in flight or of a new run.
    func result(ttl: Duration) async -> HealthCheckResult {
        let now = ContinuousClock.now
        let answer: Answer = self.state.withLock { state in
            if let cached = state.cached, now - cached.at < ttl { return .cached(cached.result) }
            if let inFlight = state.inFlight { return .running(inFlight) }
            // An unstructured task on purpose: the run is shared by concurrent probes and outlives any one
            // of them; it always ends, because `Deadline.run` gives up on the check after `timeout`.
            let run = Task { await self.run() }
            state.inFlight = run
            return .running(run)
        }
        switch answer {
        case .cached(let result): return result
        case .running(let task): return await task.value
        }
    }

    private enum Answer {
        case cached(HealthCheckResult)
        case running(Task<HealthCheckResult, Never>)
    }

    private func run() async -> HealthCheckResult {
        let start = ContinuousClock.now
        let outcome = await Deadline.run(self.timeout, self.body)
        let milliseconds = (ContinuousClock.now - start).inSeconds * 1000
        let result: HealthCheckResult
        switch outcome {
        case .finished: result = HealthCheckResult(passed: true, durationMilliseconds: milliseconds)
        case .failed(let error):
            // Probe answers are unauthenticated: a driver's error text often names the connection URL, password included.
            result = HealthCheckResult(passed: false, durationMilliseconds: milliseconds, error: Vitals.redactor.redact(String(describing: error)))
        case .timedOut:
            result = HealthCheckResult(passed: false, durationMilliseconds: milliseconds, error: "timed out after \(self.timeout)")
        }
        self.state.withLock { state in
            state.cached = (result, ContinuousClock.now)
            state.inFlight = nil
        }
        return result
    }
}
