import VitalsBase

/// When to try a failed notification again: exponential backoff with full jitter, so many watchers
/// (or many alerts) failing together do not retry in lockstep against a recovering receiver.
package struct Backoff: Sendable, Hashable {
    /// The delay ceiling before the first retry.
    package var base: Duration
    /// No delay exceeds this.
    package var cap: Duration

    package init(base: Duration = .seconds(5), cap: Duration = .seconds(600)) {
        self.base = base
        self.cap = cap
    }

    /// The delay after `attempts` failed attempts (1 for the first failure), uniformly drawn from
    /// [ceiling / 2, ceiling] where the ceiling doubles per attempt up to `cap`. A receiver's
    /// `Retry-After` wins when it asks for longer.
    package func delay(afterAttempts attempts: Int, retryAfter: Duration? = nil, using random: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(attempts - 1, 0), 30)
        let ceiling = min(self.base.inSeconds * Double(1 << exponent), self.cap.inSeconds)
        let drawn = Double.random(in: ceiling / 2...ceiling, using: &random)
        let asked = min(retryAfter?.inSeconds ?? 0, Bounds.longestRetryAfter.inSeconds)
        return Duration(finiteSeconds: max(drawn, asked)) ?? self.cap
    }
}
