import Foundation
import Testing
import VitalsWatcher

extension Evaluator {
    /// One cycle that must evaluate: the tests' watchers have their store to themselves.
    func evaluated(now: Date) async throws -> Evaluation {
        try #require(try await self.evaluate(now: now).evaluation, "another watcher held the evaluation")
    }
}
