import Foundation
import Testing
import VitalsWatcher

extension Evaluator {
    /// One cycle that must evaluate: the tests' watchers have their store to themselves.
    func evaluated(now: Date) async throws -> Evaluation {
        try #require(try await self.evaluate(now: now).evaluation, "another watcher held the evaluation")
    }
}

extension WatcherTime {
    /// Wall time stopped at `date` (the tests drive evaluation with explicit instants), on the real clock.
    static func at(_ date: Date) -> WatcherTime { WatcherTime(clock: ContinuousClock(), wall: { date }) }
}
