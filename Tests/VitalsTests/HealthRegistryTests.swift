import Foundation
import Synchronization
import Testing

@testable import Vitals

@Suite(.timeLimit(.minutes(2))) struct HealthRegistryTests {
    struct DatabaseDown: Error, CustomStringConvertible { var description: String { "connection refused" } }

    func started(ttl: Duration = .zero) -> HealthRegistry {
        let registry = HealthRegistry(defaultTimeout: .seconds(2), cacheTTL: ttl)
        registry.markStarted()
        return registry
    }

    @Test func passingAndFailingChecksAreReportedByName() async throws {
        let health = self.started()
        health.register("cache", in: .readiness) {}
        health.register("database", in: .readiness) { throw DatabaseDown() }
        let report = await health.report(.readiness)
        #expect(report.httpStatus == 503)
        #expect(report.checks["cache"]?.passed == true)
        #expect(report.checks["database"]?.error == "connection refused")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json)) as? [String: Any])
        #expect(json["status"] as? String == "fail")
        let database = try #require((json["checks"] as? [String: Any])?["database"] as? [String: Any])
        #expect(database["status"] as? String == "fail")
        #expect(database["duration_ms"] is Double)
    }

    @Test func livenessIgnoresReadinessChecks() async {
        let health = self.started()
        health.register("database", in: .readiness) { throw DatabaseDown() }
        #expect(await health.report(.liveness).httpStatus == 200)
    }

    @Test func aCheckThatIgnoresCancellationStillTimesOut() async {
        let health = self.started()
        let parked = Mutex<CheckedContinuation<Void, Never>?>(nil)
        health.register("blackholed", in: .readiness, timeout: .milliseconds(200)) {
            // Waits for an answer that never comes and has no cancellation handler, like a read
            // from a blackholed peer.
            await withCheckedContinuation { continuation in parked.withLock { $0 = continuation } }
        }
        let report = await health.report(.readiness)
        parked.withLock { $0?.resume() }
        #expect(report.httpStatus == 503)
        #expect(report.checks["blackholed"]?.error?.contains("timed out") == true)
    }

    @Test func concurrentProbesShareOneRunAndTheCacheHoldsIt() async {
        let health = self.started(ttl: .seconds(3600))
        let runs = Mutex(0)
        health.register("database", in: .readiness) {
            runs.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(50))
        }
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { await health.report(.readiness).httpStatus } }
            for await status in group { #expect(status == 200) }
        }
        _ = await health.report(.readiness)
        #expect(runs.withLock { $0 } == 1)
    }

    @Test func withoutCacheEveryProbeRunsTheCheck() async {
        let health = self.started(ttl: .zero)
        let runs = Mutex(0)
        health.register("database", in: .readiness) { runs.withLock { $0 += 1 } }
        for _ in 0..<3 { _ = await health.report(.readiness) }
        #expect(runs.withLock { $0 } == 3)
    }

    @Test func startupAndReadinessWaitForStartAndReadinessEndsWithDraining() async {
        let health = HealthRegistry()
        #expect(await health.report(.startup).httpStatus == 503)
        #expect(await health.report(.readiness).httpStatus == 503)
        #expect(await health.report(.liveness).httpStatus == 200)
        health.markStarted()
        #expect(await health.report(.startup).httpStatus == 200)
        #expect(await health.report(.readiness).httpStatus == 200)
        health.markDraining()
        #expect(await health.report(.readiness).checks["shutdown"]?.passed == false)
        #expect(await health.report(.liveness).httpStatus == 200)
    }
}
