package import Foundation

/// A check's state damped against flapping: `failureThreshold` failures in a row make it down,
/// `successThreshold` successes in a row make it up again (Kubernetes' probe semantics).
package struct ProbeStreak: Sendable, Hashable {
    package enum State: String, Sendable, Hashable { case unknown, up, down }

    package private(set) var state: State = .unknown
    /// When the current state began.
    package private(set) var since: Date?
    package private(set) var consecutiveFailures = 0
    package private(set) var consecutiveSuccesses = 0
    /// The first failure of the current run of failures.
    package private(set) var failingSince: Date?
    /// The first success ever seen (readiness reached at least once).
    package private(set) var firstSuccess: Date?
    package private(set) var last: ProbeOutcome?
    /// The newest failure, kept after recovery for evidence.
    package private(set) var lastFailure: ProbeOutcome?

    package let failureThreshold: Int
    package let successThreshold: Int

    package init(failureThreshold: Int = 3, successThreshold: Int = 1) {
        self.failureThreshold = max(1, failureThreshold)
        self.successThreshold = max(1, successThreshold)
    }

    package mutating func record(_ outcome: ProbeOutcome) {
        self.last = outcome
        if outcome.succeeded {
            self.consecutiveSuccesses += 1
            self.consecutiveFailures = 0
            self.failingSince = nil
            if self.firstSuccess == nil { self.firstSuccess = outcome.at }
            if self.state != .up, self.consecutiveSuccesses >= self.successThreshold { self.enter(.up, at: outcome.at) }
        } else {
            self.consecutiveFailures += 1
            self.consecutiveSuccesses = 0
            self.lastFailure = outcome
            if self.failingSince == nil { self.failingSince = outcome.at }
            if self.state != .down, self.consecutiveFailures >= self.failureThreshold { self.enter(.down, at: self.failingSince ?? outcome.at) }
        }
    }

    /// Forgets whether readiness was ever reached: the process restarted.
    package mutating func restarted() { self.firstSuccess = nil }

    private mutating func enter(_ state: State, at time: Date) {
        self.state = state
        self.since = time
    }
}
