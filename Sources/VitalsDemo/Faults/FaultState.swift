/// The faults currently injected into the Orders demo. Each field is independent, so faults combine.
package struct FaultState: Sendable, Equatable {
    /// Database fault: `down` (blackholed: queries hang), `refused` (queries fail at once), `slow`.
    package var database: String?
    /// Added delay for `slow` database queries, in milliseconds.
    package var databaseDelayMilliseconds: Int = 0
    /// Share of API requests answered with a 500, 0…1.
    package var errorRate: Double = 0
    /// Added latency for every API request, in milliseconds.
    package var latencyMilliseconds: Int = 0
    /// Worker fault: `stall` (reads, never progresses) or `poison` (a message that always fails blocks the queue).
    package var worker: String?
    /// Job fault: `skip` (never runs), `fail` (runs and fails) or `empty` (succeeds with zero records).
    package var job: String?

    package init() {}

    /// True when nothing is injected.
    package var isHealthy: Bool { self == FaultState() }
}
