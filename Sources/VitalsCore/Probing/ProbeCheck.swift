/// One HTTP request the watcher sends on a schedule, with what its answer must satisfy: a workload's
/// `live`, `ready` or one of its `synthetic` checks.
package struct ProbeCheck: Sendable, Hashable {
    package enum Role: Sendable, Hashable, CustomStringConvertible {
        case live, ready
        /// The synthetic check at this position in the workload's list.
        case synthetic(Int)

        package var description: String {
            switch self {
            case .live: "live"
            case .ready: "ready"
            case .synthetic(let index): "synthetic[\(index)]"
            }
        }
    }

    package var workload: String
    package var role: Role
    /// The instance probed (`10.0.0.7:8080`); nil for a workload reached at whole URLs.
    package var instance: String?
    package var method: String
    package var url: String
    /// Request headers; values are secrets (they often carry credentials).
    package var headers: [Header] = []
    package var body: String?
    /// The status the answer must have; any 2xx when nil.
    package var status: Int?
    package var json: [JSONAssertion]
    package var latencyBelow: Duration?
    package var interval: Duration
    /// One deadline for the whole exchange: DNS, connect, TLS, headers and body.
    package var timeout: Duration
    /// Largest body read; a longer one fails as `body_limit`. Default 1 MB.
    package var bodyLimit = 1 << 20

    package struct Header: Sendable, Hashable {
        package var name: String
        package var value: Secret
        package init(name: String, value: Secret) {
            self.name = name
            self.value = value
        }
    }

    /// `orders-api/live`, `orders-api/live@10.0.0.7:8080`, `orders-api/synthetic[0]`: stable, so schedules and
    /// streaks survive reloads.
    package var id: String { "\(self.workload)/\(self.role)" + (self.instance.map { "@\($0)" } ?? "") }

    package init(
        workload: String,
        role: Role,
        method: String = "GET",
        url: String,
        status: Int? = nil,
        json: [JSONAssertion] = [],
        latencyBelow: Duration? = nil,
        interval: Duration,
        timeout: Duration
    ) {
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
