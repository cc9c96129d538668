/// A synthetic request the watcher sends to an API, with what its answer must satisfy.
public struct SyntheticCheck: Sendable {
    public var method: String
    public var url: String
    /// Request headers; values are secrets (they often carry credentials).
    public var headers: [String: Secret]
    public var body: String?
    /// Expected status. Default 200.
    public var status: Int
    /// JSONPath (subset) to expected value or type name (`array`, `object`, `string`, `number`, `bool`, `null`).
    public var json: [String: String]
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
}

/// The API-only parts of a workload, kept apart so `Workload` stays readable.
public struct WorkloadExtras: Sendable {
    public var synthetic: [SyntheticCheck] = []
    public var slo: ServiceLevelObjective?
    public init() {}
}
