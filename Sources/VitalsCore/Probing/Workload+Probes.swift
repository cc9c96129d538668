extension Workload {
    /// The probes this workload needs: `live`, `ready`, then each synthetic check of an API.
    package var probeChecks: [ProbeCheck] {
        var checks: [ProbeCheck] = []
        if let live = self.endpoints?.live {
            checks.append(ProbeCheck(workload: self.name, role: .live, url: live, interval: self.interval, timeout: self.timeout))
        }
        if let ready = self.endpoints?.ready {
            checks.append(ProbeCheck(workload: self.name, role: .ready, url: ready, interval: self.interval, timeout: self.timeout))
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
}
