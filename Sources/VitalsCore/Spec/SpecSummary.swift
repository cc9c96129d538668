import Foundation

/// The effective configuration as YAML, defaults filled in and secrets shown as `<secret>`:
/// what `vitals check` prints so a user sees what the watcher will really do.
package enum SpecSummary {
    /// - Parameter redact: hides credentials inside URLs and other values (the log handlers' rule).
    package static func render(_ spec: Spec, redact: (String) -> String = { $0 }) -> String {
        redact(self.lines(spec))
    }

    private static func lines(_ spec: Spec) -> String {
        var lines: [String] = []
        let watcher = spec.watcher
        lines.append("watcher:")
        lines.append("  listen: \(watcher.listen)")
        lines.append("  storage: \(watcher.storage.value.hasPrefix("sqlite:") ? watcher.storage.value : "\(watcher.storage)")")
        lines.append("  ping_key: \(watcher.pingKey.map { "\($0)" } ?? "none (slug URLs off)")")
        lines.append("  api_token: \(watcher.apiToken.map { "\($0)" } ?? "none (management API off)")")
        if let heartbeat = watcher.heartbeat { lines.append("  heartbeat: \(heartbeat)") }
        lines.append("  public_status_page: \(watcher.publicStatusPage)")
        lines.append("  evaluate_every: \(DurationText.format(watcher.evaluateEvery))")
        lines.append("  external_url: \(watcher.statusURL)")
        lines.append("  probe_concurrency: \(watcher.probeConcurrency)")
        lines.append("  ping_rate: \(watcher.pingRate == 0 ? "unlimited" : "\(Int(watcher.pingRate))/s per workload")")
        lines.append("defaults: { interval: \(DurationText.format(spec.defaults.interval)), timeout: \(DurationText.format(spec.defaults.timeout)) }")
        lines.append(spec.notify.isEmpty ? "notify: []" : "notify:")
        for channel in spec.notify {
            let severities = channel.severities.map { $0.sorted().map(\.rawValue).joined(separator: ", ") } ?? "all"
            lines.append("  - { name: \(channel.name), \(channel.kind.rawValue): \(channel.target), severities: [\(severities)] }")
        }
        lines.append("workloads:")
        for workload in spec.workloads { lines += self.render(workload).map { "  " + $0 } }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ workload: Workload) -> [String] {
        var lines = ["\(workload.name):", "  kind: \(workload.kind.rawValue)"]
        func add(_ key: String, _ value: String?) { if let value { lines.append("  \(key): \(value)") } }
        add("runbook", workload.runbook)
        add("interval", DurationText.format(workload.interval))
        add("timeout", DurationText.format(workload.timeout))
        if let endpoints = workload.endpoints {
            add("live", endpoints.live)
            add("ready", endpoints.ready)
            add("metrics", endpoints.metrics)
        }
        switch workload.details {
        case .api(let api):
            for check in api.synthetic {
                add(
                    "synthetic",
                    "\(check.method) \(check.url) expects \(check.status)" + (check.latencyBelow.map { " within \(DurationText.format($0))" } ?? "")
                )
            }
            if let slo = api.slo {
                let availability = slo.availability.map { "availability \($0 * 100)%" }
                let latency = slo.latencyBelow.flatMap { below in slo.latencyTarget.map { "\($0 * 100)% below \(DurationText.format(below))" } }
                add("slo", ([availability, latency].compactMap { $0 } + ["window \(DurationText.format(slo.window))"]).joined(separator: ", "))
            }
            add("profile", api.profile ?? "auto (detected from the first scrape)")
            lines += self.render(api.thresholds, kind: .api, startup: api.startup)
        case .worker(let worker):
            lines += self.render(worker.thresholds, kind: .worker, startup: nil)
            add("progress_within", worker.progressWithin.map(DurationText.format))
            add("backlog", worker.backlogMaxAge.map { "{ max_age: \(DurationText.format($0)) }" })
            add("heartbeat", "\(worker.heartbeat)")
            lines += self.render(worker.pings)
        case .job(let job):
            add("schedule", "\"\(job.schedule.expression)\"")
            add("timezone", job.schedule.timeZone.identifier)
            add("grace", DurationText.format(job.grace))
            add("max_duration", job.maxDuration.map(DurationText.format) ?? "none")
            add("min_records", job.minRecords.map(String.init) ?? "none")
            add("metrics", job.metrics)
            lines += self.render(job.pings)
        }
        add("retention", "\(workload.retention) runs")
        add("for", DurationText.format(workload.alertFor))
        add("resolve_after", DurationText.format(workload.resolveAfter))
        add("notify", workload.channels.map { "[\($0.joined(separator: ", "))]" } ?? "all channels")
        return lines
    }

    private static func render(_ thresholds: SignalThresholds, kind: Workload.Kind, startup: Duration?) -> [String] {
        [
            "  window: \(DurationText.format(thresholds.window))",
            "  max_error_ratio: \(thresholds.errorRatio(for: kind) * 100)%",
            "  max_p99: \(DurationText.format(thresholds.p99(for: kind)))",
            "  min_events: \(thresholds.minEvents)",
        ] + (startup.map { ["  startup: \(DurationText.format($0))"] } ?? []) + [
            "  failure_threshold: \(thresholds.failureThreshold)",
            "  success_threshold: \(thresholds.successThreshold)",
        ]
    }

    private static func render(_ pings: PingSettings) -> [String] {
        ["  token: \(pings.token.map { "\($0)" } ?? "generated on first start")", "  post_only: \(pings.postOnly)"]
    }
}
