extension Workload {
    /// The probes this workload needs: `live` and `ready` on every instance, then each synthetic check of
    /// an API (sent once, to its own URL: usually the load balancer's).
    /// - Parameter instances: the current instances when ``Endpoints/instances`` is set (listed, or
    ///   resolved from DNS); ignored otherwise.
    package func probeChecks(on instances: [String]) -> [ProbeCheck] {
        var checks: [ProbeCheck] = []
        let targets: [String?] = self.endpoints?.instances == nil ? [nil] : instances
        for role in [ProbeCheck.Role.live, .ready] {
            guard let path = role == .live ? self.endpoints?.live : self.endpoints?.ready else { continue }
            for instance in targets {
                var check = ProbeCheck(
                    workload: self.name,
                    role: role,
                    url: instance.map { Endpoints.url(path, on: $0) } ?? path,
                    interval: self.interval,
                    timeout: self.timeout
                )
                check.instance = instance
                checks.append(check)
            }
        }
        for (index, synthetic) in (self.api?.synthetic ?? []).enumerated() {
            var check = ProbeCheck(
                workload: self.name,
                role: .synthetic(index),
                method: synthetic.method,
                url: synthetic.url,
                status: synthetic.status,
                json: synthetic.json,
                latencyBelow: synthetic.latencyBelow,
                interval: self.interval,
                timeout: self.timeout
            )
            check.headers = synthetic.headers.sorted { $0.key < $1.key }.map { ProbeCheck.Header(name: $0.key, value: $0.value) }
            check.body = synthetic.body
            checks.append(check)
        }
        return checks
    }

    /// The instances named in the spec: `[""]` for a workload reached at whole URLs, the listed ones, or
    /// none yet for one whose instances come from DNS.
    package var specInstances: [String] {
        guard let instances = self.endpoints?.instances else { return [""] }
        return instances.listed?.map(\.description) ?? []
    }
}

extension Workload {
    /// The probes on the instances named in the spec (``specInstances``).
    package var probeChecks: [ProbeCheck] { self.probeChecks(on: self.specInstances) }
}
