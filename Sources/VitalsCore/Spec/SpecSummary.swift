import Foundation

/// The effective configuration as YAML, defaults filled in and secrets shown as `<secret>`:
/// what `vitals check` prints so a user sees what the watcher will really do.
public enum SpecSummary {
    public static func render(_ spec: Spec) -> String {
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
        add("live", workload.live)
        add("ready", workload.ready)
        add("metrics", workload.metrics)
        for check in workload.synthetic {
            add("synthetic", "\(check.method) \(check.url) expects \(check.status)" + (check.latencyBelow.map { " within \(DurationText.format($0))" } ?? ""))
        }
        if let slo = workload.slo {
            let availability = slo.availability.map { "availability \($0 * 100)%" }
            let latency = slo.latencyBelow.flatMap { below in slo.latencyTarget.map { "\($0 * 100)% below \(DurationText.format(below))" } }
            add("slo", ([availability, latency].compactMap { $0 } + ["window \(DurationText.format(slo.window))"]).joined(separator: ", "))
        }
        if workload.kind != .job {
            let thresholds = workload.thresholds
            if workload.kind == .api { add("profile", thresholds.profile ?? "auto (detected from the first scrape)") }
            add("window", DurationText.format(thresholds.window))
            add("max_error_ratio", "\(thresholds.errorRatio(for: workload.kind) * 100)%")
            add("max_p99", DurationText.format(thresholds.p99(for: workload.kind)))
            add("min_events", "\(thresholds.minEvents)")
            if workload.kind == .api { add("startup", DurationText.format(thresholds.startup)) }
            add("failure_threshold", "\(thresholds.failureThreshold)")
            add("success_threshold", "\(thresholds.successThreshold)")
        }
        add("progress_within", workload.progressWithin.map(DurationText.format))
        add("backlog", workload.backlogMaxAge.map { "{ max_age: \(DurationText.format($0)) }" })
        if workload.kind != .api { add("heartbeat", "\(workload.heartbeat)") }
        if let schedule = workload.schedule {
            add("schedule", "\"\(schedule.expression)\"")
            add("timezone", schedule.timeZone.identifier)
        }
        if workload.kind == .job {
            add("grace", DurationText.format(workload.grace))
            add("max_duration", workload.maxDuration.map(DurationText.format) ?? "none")
            add("min_records", workload.minRecords.map(String.init) ?? "none")
        }
        if workload.kind != .api {
            add("token", workload.token.map { "\($0)" } ?? "generated on first start")
            add("post_only", "\(workload.postOnly)")
        }
        add("retention", "\(workload.retention) runs")
        add("for", DurationText.format(workload.alertFor))
        add("resolve_after", DurationText.format(workload.resolveAfter))
        add("notify", workload.channels.map { "[\($0.joined(separator: ", "))]" } ?? "all channels")
        return lines
    }
}
