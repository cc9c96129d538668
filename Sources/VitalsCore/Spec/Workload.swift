/// One watched workload: an HTTP API, a background worker or a scheduled job.
public struct Workload: Sendable {
    /// The three kinds of workload, each with its own signals and diagnoses.
    public enum Kind: String, Sendable, CaseIterable { case api, worker, job }

    /// Unique, URL-safe name (`orders-api`), used in ping URLs and labels.
    public var name: String
    public var kind: Kind
    /// Where people go when it breaks.
    public var runbook: String?
    /// Probe and scrape cadence.
    public var interval: Duration
    public var timeout: Duration
    /// Liveness, readiness and metrics URLs.
    public var live: String?
    public var ready: String?
    public var metrics: String?
    /// Worker: progress expected at least this often.
    public var progressWithin: Duration?
    /// Worker: the oldest waiting event may be at most this old.
    public var backlogMaxAge: Duration?
    /// Worker or job: proof of life arrives as pings.
    public var heartbeat: Bool
    /// Job: when runs are expected.
    public var schedule: Schedule?
    /// Job: how late a start may be. Default 5 minutes.
    public var grace: Duration
    /// Job: a run that takes longer is hung, separately from `grace`.
    public var maxDuration: Duration?
    /// Job: a success with fewer records is suspicious.
    public var minRecords: Int?
    /// Ping token for `/ping/<token>`; generated and stored on first start when absent.
    public var token: Secret?
    /// Accept pings by POST only, so link previewers cannot trigger them.
    public var postOnly: Bool
    /// Runs (and pings) kept per workload. Default 1,000.
    public var retention: Int
    /// `for:`: how long a diagnosis must hold before it notifies. Default 0: job and heartbeat
    /// diagnoses already include their grace.
    public var alertFor: Duration = .zero
    /// How long a firing diagnosis must stay clear before it resolves, against flapping. Default 1 minute.
    public var resolveAfter: Duration = .seconds(60)
    /// The `notify:` channels this workload's alerts go to; every channel when nil.
    public var channels: [String]?
    /// Synthetic checks and SLO; see ``synthetic`` and ``slo``.
    public var extras = WorkloadExtras()
}
