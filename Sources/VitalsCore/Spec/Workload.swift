/// One watched workload: an HTTP API, a background worker or a scheduled job.
///
/// What is watched depends on the kind, and each kind has a type of its own (``API``, ``Worker``,
/// ``Job``), so a key that does not belong to a kind cannot be represented:
///
/// ```swift
/// switch workload.details {
/// case .api(let api): print(api.endpoints.ready ?? "no readiness probe")
/// case .worker(let worker): print(worker.progressWithin.map(DurationText.format) ?? "no progress limit")
/// case .job(let job): print(job.schedule.expression)
/// }
/// ```
public struct Workload: Sendable {
    /// The three kinds of workload, each with its own signals and diagnoses.
    public enum Kind: String, Sendable, CaseIterable { case api, worker, job }

    /// What the workload is, with what is watched for its kind.
    public enum Details: Sendable {
        case api(API)
        case worker(Worker)
        case job(Job)
    }

    /// Unique, URL-safe name (`orders-api`), used in ping URLs and labels.
    public var name: String
    /// Where people go when it breaks.
    public var runbook: String?
    /// Probe and scrape cadence.
    public var interval: Duration
    /// How long one probe or scrape may take.
    public var timeout: Duration
    /// Runs (and pings) kept. Default 1,000.
    public var retention = 1000
    /// `for:`: how long a diagnosis must hold before it notifies. Default 0: job and heartbeat
    /// diagnoses already include their grace.
    public var alertFor: Duration = .zero
    /// How long a firing diagnosis must stay clear before it resolves, against flapping. Default 1 minute.
    public var resolveAfter: Duration = .seconds(60)
    /// The `notify:` channels this workload's alerts go to; every channel when nil.
    public var channels: [String]?
    /// The kind and what is watched for it.
    public var details: Details

    /// A workload with the defaults of the spec for everything but its name, cadence and kind.
    public init(name: String, interval: Duration, timeout: Duration, details: Details) {
        self.name = name
        self.interval = interval
        self.timeout = timeout
        self.details = details
    }

    /// The kind, without its details.
    public var kind: Kind {
        switch self.details {
        case .api: .api
        case .worker: .worker
        case .job: .job
        }
    }
}

extension Workload {
    /// The API's checks when the workload is an API.
    public var api: API? {
        if case .api(let api) = self.details { api } else { nil }
    }

    /// The worker's checks when the workload is a worker.
    public var worker: Worker? {
        if case .worker(let worker) = self.details { worker } else { nil }
    }

    /// The job's schedule and limits when the workload is a job.
    public var job: Job? {
        if case .job(let job) = self.details { job } else { nil }
    }

    /// The URLs the watcher probes and scrapes: an API's or a worker's; nil for a job, whose runs arrive as pings.
    public var endpoints: Endpoints? { self.api?.endpoints ?? self.worker?.endpoints }

    /// Where Prometheus scrapes this workload, whatever its kind.
    public var metricsURL: String? { self.endpoints?.metrics ?? self.job?.metrics }

    /// The thresholds of an API or a worker; nil for a job, whose limits are its own.
    public var thresholds: SignalThresholds? { self.api?.thresholds ?? self.worker?.thresholds }

    /// How pings are accepted: for jobs, and for workers (which may prove life by pinging); nil for an API.
    public var pings: PingSettings? { self.job?.pings ?? self.worker?.pings }

    /// Whether its proof of life arrives as pings: every job, and workers with `heartbeat: true`.
    public var readsPings: Bool { self.job != nil || self.worker?.heartbeat == true }
}

/// The URLs probed and scraped for an API or a worker: whole URLs for a single instance, or paths joined to
/// each of its ``instances``.
public struct Endpoints: Sendable, Hashable {
    /// Liveness probe URL, or path.
    public var live: String?
    /// Readiness probe URL, or path.
    public var ready: String?
    /// Prometheus or OpenMetrics exposition URL, or path.
    public var metrics: String?
    /// Several instances behind one name; nil for one, reached at the whole URLs above.
    public var instances: Instances?

    /// No probes, no scrape.
    public init(live: String? = nil, ready: String? = nil, metrics: String? = nil, instances: Instances? = nil) {
        self.live = live
        self.ready = ready
        self.metrics = metrics
        self.instances = instances
    }
}

/// How a worker or a job accepts pings.
public struct PingSettings: Sendable, Hashable {
    /// Ping token for `/ping/<token>`; generated and stored on first start when nil.
    public var token: Secret?
    /// Accept pings by POST only, so link previewers cannot trigger them. Default false.
    public var postOnly = false

    /// A generated token, GET and POST accepted.
    public init(token: Secret? = nil, postOnly: Bool = false) {
        self.token = token
        self.postOnly = postOnly
    }
}
