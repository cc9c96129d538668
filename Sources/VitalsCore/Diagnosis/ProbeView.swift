package import Foundation

/// A probe check with its damped state, as a diagnoser reads it.
package struct ProbeView: Sendable {
    package var check: ProbeCheck
    package var streak: ProbeStreak

    package init(check: ProbeCheck, streak: ProbeStreak) {
        self.check = check
        self.streak = streak
    }

    /// The instance probed; `""` for a workload reached at whole URLs.
    var instance: String { self.check.instance ?? "" }

    /// `readiness GET http://…/health/ready`.
    var name: String {
        let role =
            switch self.check.role {
            case .live: "liveness"
            case .ready: "readiness"
            case .synthetic: "synthetic"
            }
        return "\(role) \(self.check.method) \(self.check.url)"
    }

    /// `failing since 12:03 (3 in a row): connect: connection refused`.
    func failing(_ evidence: Evidence) -> String {
        let since = self.streak.failingSince.map { " since \(evidence.clock($0))" } ?? ""
        let last = self.streak.lastFailure.map { "\($0.failure?.rawValue ?? "failed"): \($0.detail)" } ?? "failed"
        return "\(self.name) failing\(since) (\(self.streak.consecutiveFailures) in a row): \(last)"
    }
}
