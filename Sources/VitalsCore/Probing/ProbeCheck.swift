/// One HTTP request the watcher sends on a schedule, with what its answer must satisfy: a workload's
/// `live`, `ready` or one of its `synthetic` checks.
public struct ProbeCheck: Sendable, Hashable {
    public enum Role: Sendable, Hashable, CustomStringConvertible {
        case live, ready
        /// The synthetic check at this position in the workload's list.
        case synthetic(Int)

        public var description: String {
            switch self {
            case .live: "live"
            case .ready: "ready"
            case .synthetic(let index): "synthetic[\(index)]"
            }
        }
    }

    public var workload: String
    public var role: Role
    public var method: String
    public var url: String
    /// Request headers; values are secrets (they often carry credentials).
    public var headers: [Header] = []
    public var body: String?
    /// The status the answer must have; any 2xx when nil.
    public var status: Int?
    public var json: [JSONAssertion]
    public var latencyBelow: Duration?
    public var interval: Duration
    /// One deadline for the whole exchange: DNS, connect, TLS, headers and body.
    public var timeout: Duration
    /// Largest body read; a longer one fails as `body_limit`. Default 1 MB.
    public var bodyLimit = 1 << 20

    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: Secret
        public init(name: String, value: Secret) {
            self.name = name
            self.value = value
        }
    }

    /// `orders-api/live`, `orders-api/synthetic[0]`: stable, so schedules and streaks survive reloads.
    public var id: String { "\(self.workload)/\(self.role)" }

    public init(workload: String, role: Role, method: String = "GET", url: String, status: Int? = nil, json: [JSONAssertion] = [],
                latencyBelow: Duration? = nil, interval: Duration, timeout: Duration) {
        self.workload = workload
        self.role = role
        self.method = method
        self.url = url
        self.status = status
        self.json = json
        self.latencyBelow = latencyBelow
        self.interval = interval
        self.timeout = timeout
    }
}
