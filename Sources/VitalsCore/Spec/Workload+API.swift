extension Workload {
    /// What is watched of an HTTP API: its probes and metrics, synthetic requests, thresholds and SLO.
    public struct API: Sendable {
        /// Liveness, readiness and metrics URLs.
        public var endpoints = Endpoints()
        /// Requests the watcher sends itself, with what their answers must satisfy.
        public var synthetic: [SyntheticCheck] = []
        /// The service level objective, if any.
        public var slo: ServiceLevelObjective?
        /// When scraped signals and probes become a diagnosis.
        public var thresholds = SignalThresholds()
        /// How long a (re)started process may take to become ready. Default 5 minutes.
        public var startup: Duration = .seconds(300)
        /// Quiet this long, after traffic in the hour before, is `api.no_traffic`. Default 10 minutes.
        public var noTrafficAfter: Duration = .seconds(600)
        /// The metric profile (`vitals`, `hummingbird`, `vapor`, `micrometer`, `prometheus_client`);
        /// detected from the first scrape when nil.
        public var profile: String?
        /// Per-route thresholds and SLOs, over the workload's.
        public var routes: [RouteRule] = []
        /// Routes that are not the service's traffic, beside the well-known probe and metrics routes
        /// (``RouteRule/probeRoutes``): templates, or prefixes ending in `*`.
        public var ignoreRoutes: [String] = []

        /// Nothing watched yet, default thresholds.
        public init() {}

        /// Whether anything is watched at all.
        public var watchesAnything: Bool {
            self.endpoints.live != nil || self.endpoints.ready != nil || self.endpoints.metrics != nil || !self.synthetic.isEmpty
        }
    }
}

/// A synthetic request the watcher sends to an API, with what its answer must satisfy.
public struct SyntheticCheck: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// Where the request goes.
    public var url: String
    /// Request headers; values are secrets (they often carry credentials).
    public var headers: [String: Secret] = [:]
    /// The request body, if any.
    public var body: String?
    /// Expected status. Default 200.
    public var status = 200
    /// JSONPath (subset) assertions on the body, e.g. `$.items: array`, `$.count: "> 0"`.
    public var json: [JSONAssertion] = []
    /// The answer must arrive within this long, if set.
    public var latencyBelow: Duration?

    /// A request expecting 200 and nothing else.
    public init(method: String, url: String) {
        self.method = method
        self.url = url
    }
}

/// Service level objectives of an API.
public struct ServiceLevelObjective: Sendable {
    /// Share of requests that must not fail (5xx), e.g. 0.999.
    public var availability: Double?
    /// Requests faster than `latencyBelow` must be at least `latencyTarget` of all.
    public var latencyBelow: Duration?
    /// The share of requests that must be faster than ``latencyBelow``, e.g. 0.99.
    public var latencyTarget: Double?
    /// The SLO window. Default 30 days.
    public var window: Duration

    /// An objective over `window`.
    public init(availability: Double?, latencyBelow: Duration?, latencyTarget: Double?, window: Duration = .seconds(30 * 86_400)) {
        self.availability = availability
        self.latencyBelow = latencyBelow
        self.latencyTarget = latencyTarget
        self.window = window
    }
}
