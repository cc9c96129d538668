/// The faults currently injected into the Orders demo. Each field is independent, so faults combine.
package struct FaultState: Sendable, Equatable {
    /// An API fault: a share of 500s and added latency.
    package struct APIFault: Sendable, Equatable {
        /// Share of requests answered with a 500, 0…1.
        package var errorRate: Double = 0
        /// Added latency for every request, in milliseconds.
        package var latencyMilliseconds: Int = 0

        package init(errorRate: Double = 0, latencyMilliseconds: Int = 0) {
            self.errorRate = errorRate
            self.latencyMilliseconds = latencyMilliseconds
        }

        var isEmpty: Bool { self == APIFault() }
    }

    /// Database fault: `down` (blackholed: queries hang), `refused` (queries fail at once), `slow`.
    package var database: String?
    /// Added delay of a `slow` database or payments service, in milliseconds.
    package var delayMilliseconds: Int = 0
    /// Payments fault: `slow` (each charge waits `delayMilliseconds`) or `failing` (charges answered 503).
    package var payments: String?
    /// On every API instance and route.
    package var api = APIFault()
    /// On one API instance, by number (1 is the first).
    package var instances: [Int: APIFault] = [:]
    /// On one route of every instance, by route key (`POST /orders`).
    package var routes: [String: APIFault] = [:]
    /// API instances stopped, as a replica scaled down is: their port refuses connections.
    package var stopped: Set<Int> = []
    /// Synthetic requests per second, overriding `--load`; 0 stops the load.
    package var load: Double?
    /// Worker fault: `stall` (reads, never progresses) or `poison` (a message that always fails blocks the queue).
    package var worker: String?
    /// Job fault: `skip` (never runs), `fail` (runs and fails) or `empty` (succeeds with zero records).
    package var job: String?
    /// The version the API instances run once a deploy changed it (they restart into it one after the
    /// other). Not a fault: `DELETE /faults` leaves it, as clearing a bug leaves the version deployed; deploy
    /// ``OrdersDemo/Configuration/version`` again to roll back.
    package var deploy: String?
    /// What the deployed version does wrong: `error_rate` and `latency_ms` sent with `deploy`, on instances
    /// running it only.
    package var deployed = APIFault()

    package init() {}

    /// True when nothing is injected (a deploy is not a fault).
    package var isHealthy: Bool {
        var state = self
        state.deploy = nil
        return state == FaultState()
    }

    /// What a request to `route` on `instance`, running `version`, suffers: the worst of every fault that covers it.
    package func apiFault(instance: Int, route: String, version: String? = nil) -> APIFault {
        let covering = [
            self.api, self.instances[instance] ?? APIFault(), self.routes[route] ?? APIFault(),
            version != nil && version == self.deploy ? self.deployed : APIFault(),
        ]
        return APIFault(errorRate: covering.map(\.errorRate).max() ?? 0, latencyMilliseconds: covering.map(\.latencyMilliseconds).max() ?? 0)
    }
}
