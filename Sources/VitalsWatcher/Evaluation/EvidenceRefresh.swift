package import Foundation
import VitalsBase

/// When an alert state whose evidence alone changed is written again. Evidence that counts ("last ping
/// 40 s ago", "p99 2.1 s") changes every cycle; written every cycle, 3,000 silent workers cost a 10,000-
/// workload watcher most of its cycle. The stored evidence only feeds the resolve notification and
/// `/api/v1/alerts` (the status page shows the latest evaluation's), so each workload's is brought up to
/// date once a minute instead, the workloads spread over the minute's cycles so no cycle writes them all.
package struct EvidenceRefresh: Sendable {
    /// Cycles in a minute: each workload's turn comes once in them.
    let turns: UInt64
    /// Which of them this cycle is.
    let turn: UInt64

    package init(evaluateEvery: Duration, now: Date) {
        let every = max(evaluateEvery.inSeconds, 0.001)
        self.turns = UInt64(max(1, min(3600, (60 / every).rounded(.down))))
        let cycle = (now.timeIntervalSince1970 / every).rounded(.down)
        self.turn = cycle.isFinite && abs(cycle) < 1e15 ? UInt64(Int64(cycle).magnitude) % self.turns : 0
    }

    package func isDue(_ workload: String) -> Bool { Self.hash(workload) % self.turns == self.turn }

    /// FNV-1a: the same turn for a workload in every process, unlike `hashValue`.
    static func hash(_ text: String) -> UInt64 {
        text.utf8.reduce(14_695_981_039_346_656_037 as UInt64) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
