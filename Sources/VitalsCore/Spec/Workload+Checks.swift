/// A synthetic request the watcher sends to an API, with what its answer must satisfy.
public struct SyntheticCheck: Sendable {
    public var method: String
    public var url: String
    /// Request headers; values are secrets (they often carry credentials).
    public var headers: [String: Secret]
    public var body: String?
    /// Expected status. Default 200.
    public var status: Int
    /// JSONPath (subset) assertions on the body, e.g. `$.items: array`, `$.count: "> 0"`.
    public var json: [JSONAssertion]
    public var latencyBelow: Duration?
}

/// Service level objectives of an API.
public struct ServiceLevelObjective: Sendable {
    /// Share of requests that must not fail (5xx), e.g. 0.999.
    public var availability: Double?
    /// Requests faster than `latencyBelow` must be at least `latencyTarget` of all.
    public var latencyBelow: Duration?
    public var latencyTarget: Double?
    /// The SLO window. Default 30 days.
    public var window: Duration

    public init(availability: Double?, latencyBelow: Duration?, latencyTarget: Double?, window: Duration = .seconds(30 * 86_400)) {
        self.availability = availability
        self.latencyBelow = latencyBelow
        self.latencyTarget = latencyTarget
        self.window = window
    }
}

extension Workload {
    /// Synthetic checks (APIs).
    public var synthetic: [SyntheticCheck] {
        get { self.extras.synthetic }
        set { self.extras.synthetic = newValue }
    }

    /// The SLO (APIs).
    public var slo: ServiceLevelObjective? {
        get { self.extras.slo }
        set { self.extras.slo = newValue }
    }

    /// Thresholds for scraped signals and probes.
    public var thresholds: SignalThresholds {
        get { self.extras.thresholds }
        set { self.extras.thresholds = newValue }
    }
}

/// The API and worker parts of a workload, kept apart so `Workload` stays readable.
public struct WorkloadExtras: Sendable {
    public var synthetic: [SyntheticCheck] = []
    public var slo: ServiceLevelObjective?
    public var thresholds = SignalThresholds()
    public init() {}
}

/// When scraped signals and probes become a diagnosis. Every value has a default that suits a typical
/// service; the spec overrides them per workload.
public struct SignalThresholds: Sendable, Hashable {
    /// The window error ratios, latency and failures are read over. Default 5 minutes.
    public var window: Duration = .seconds(300)
    /// API: share of 5xx answers; worker: share of failed events. Defaults 5% and 10%.
    public var maxErrorRatio: Double?
    /// API: request p99; worker: processing p99. Defaults 1 s and 30 s.
    public var maxP99: Duration?
    /// Requests or events a window needs before its ratios and quantiles are judged. Default 20.
    public var minEvents = 20
    /// API: how long a (re)started process may take to become ready. Default 5 minutes.
    public var startup: Duration = .seconds(300)
    /// Probe failures in a row before a check is down, and successes before it is up again. Defaults 3 and 1.
    public var failureThreshold = 3
    public var successThreshold = 1
    /// API: the metric profile (`vitals`, `hummingbird`, `vapor`, `micrometer`, `prometheus_client`);
    /// detected from the first scrape when nil.
    public var profile: String?

    public init() {}

    public func errorRatio(for kind: Workload.Kind) -> Double { self.maxErrorRatio ?? (kind == .worker ? 0.10 : 0.05) }
    public func p99(for kind: Workload.Kind) -> Duration { self.maxP99 ?? (kind == .worker ? .seconds(30) : .seconds(1)) }
}
