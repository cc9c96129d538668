/// A workload the audit thinks the code runs, with the evidence for it and how to watch it.
package struct SuggestedWorkload: Sendable, Codable, Hashable {
    package var name: String
    package var kind: String
    /// `file:line` of the manifest, route, consumer or schedule it was found from.
    package var evidence: String
    package var live: String?
    package var ready: String?
    package var metrics: String?
    package var schedule: String?
    /// A worker with no metrics is watched by its pings.
    package var heartbeat: Bool?
    /// Keys whose value the repository did not declare, with why: a guess to check, or a thing to add.
    package var unconfirmed: [String: String]?

    package init(name: String, kind: String, evidence: String) {
        self.name = name
        self.kind = kind
        self.evidence = evidence
    }
}

/// Finds routes (an API), queue consumers (a worker) and scheduled tasks (a job), and suggests a
/// starting `vitals.yml` for them.
struct WorkloadSuggester {
    /// Routes, consumers and schedules: in source code with strings blanked, in YAML as written
    /// (a Kubernetes CronJob).
    static let signs: [(kind: String, evidence: Matcher)] = [
        (
            "api",
            Matcher(
                languages: LineRules.code,
                view: .bare,
                needles: ["router.", "app.", "@app.", "@router.", "@bp.", "handlefunc(", "http.handle("],
                verify: Pattern(
                    #"\brouter\.(get|post|put|patch|delete)\(|\bapp\.(get|post|put|patch|delete|route)\(|@(app|router|bp)\.(route|get|post|put|delete)\(|\bHandleFunc\(|\bhttp\.Handle\("#
                )
            )
        ),
        (
            "worker",
            Matcher(
                languages: LineRules.code,
                view: .bare,
                needles: [
                    "workermonitor(", "basic_consume(", "@kafkalistener", ".subscribe(", "consumer.", "receivemessage(", ".task", "@shared_task",
                ],
                verify: Pattern(
                    #"WorkerMonitor\(|basic_consume\(|@KafkaListener|\.subscribe\(|\bconsumer\.(poll|consume)\(|ReceiveMessage\(|@(app|celery)\.task\b|@shared_task\b"#
                )
            )
        ),
        (
            "job",
            Matcher(
                languages: LineRules.code,
                view: .bare,
                needles: ["jobmonitor(", "@scheduled", "schedule.every(", "cron.new(", "blockingscheduler("],
                verify: Pattern(#"JobMonitor\(|@Scheduled\b|schedule\.every\(|\bcron\.New\(|BlockingScheduler\("#)
            )
        ),
        ("job", Matcher(languages: [.yaml], view: .code, needles: ["kind:"], verify: Pattern(#"kind:\s*CronJob"#))),
    ]

    private var found: [String: String] = [:]
    private(set) var declared = Declarations()

    /// The first sign of each kind in one file; `hits` are the catalog's offsets for `signs`, in order.
    static func firstSigns(in source: SourceText, file: String, hits: [[Int]]) -> [String: String] {
        var found: [String: String] = [:]
        for (sign, hits) in zip(Self.signs, hits) where found[sign.kind] == nil {
            if let line = sign.evidence.lines(in: source, hits: hits, first: true).first { found[sign.kind] = "\(file):\(line)" }
        }
        return found
    }

    /// Keeps the first file's sign of each kind (files come in path order) and every declaration.
    mutating func note(_ signs: [String: String], _ declarations: Declarations) {
        self.found.merge(signs) { first, _ in first }
        self.declared.ports += declarations.ports
        self.declared.health += declarations.health.filter { !self.declared.health.contains($0) }
        self.declared.metricsPath = self.declared.metricsPath ?? declarations.metricsPath
        self.declared.workloads += declarations.workloads.filter { new in !self.declared.workloads.contains { $0.name == new.name } }
        self.declared.probes = self.declared.probes || declarations.probes
    }

    /// One workload per Deployment, StatefulSet and CronJob the manifests declare, or else one per kind
    /// of sign in the code; `missing` are the project-level findings made, so an endpoint the audit
    /// calls missing is never proposed as if it were there.
    func workloads(project: String, missing: Set<String>) -> [SuggestedWorkload] {
        let base = project.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce("") { $0 + String($1) }
        let fromCode = ["api", "worker", "job"].compactMap { kind in
            self.found[kind].map { DeclaredWorkload(name: "\(base.isEmpty ? "service" : base)-\(kind)", kind: kind, evidence: $0) }
        }
        let declaredKinds = Set(self.declared.workloads.map(\.kind))
        // A Procfile's process names (`web`, `worker`) are the project's: named after it.
        let declared = self.declared.workloads.map { workload in
            var named = workload
            if !workload.orchestrated { named.name = "\(base.isEmpty ? "service" : base)-\(workload.name)" }
            return named
        }
        let chosen = declared + fromCode.filter { !declaredKinds.contains($0.kind) }
        return chosen.map { self.suggest($0, host: $0.orchestrated ? $0.name : "127.0.0.1", missing: missing) }
    }

    private func suggest(_ workload: DeclaredWorkload, host: String, missing: Set<String>) -> SuggestedWorkload {
        var suggested = SuggestedWorkload(name: workload.name, kind: workload.kind, evidence: workload.evidence)
        var unconfirmed: [String: String] = [:]
        let healthPort = self.declared.health.lazy.compactMap(\.port).first
        let port = workload.port ?? healthPort ?? self.declared.ports.first
        let root = "http://\(host):\(port ?? 8080)"
        let metrics: String? = missing.contains("metrics.missing") ? nil : root + (self.declared.metricsPath ?? "/metrics")
        // Only where a URL is written does its port matter.
        if port == nil, workload.kind == "api" || (workload.kind == "worker" && metrics != nil) {
            unconfirmed["port"] = "no port found: 8080 is a guess"
        }
        switch workload.kind {
        case "api":
            // A declared workload is probed where its manifest probes it; the code's routes are
            // another service's as likely as its own.
            let declared = workload.orchestrated
            // A URL with its port (a HEALTHCHECK, a compose file) says more than a route's path alone.
            let health = self.declared.health.filter { $0.port != nil } + self.declared.health.filter { $0.port == nil }
            let paths = declared ? [] : health.map(\.path)
            let live = workload.live ?? workload.ready ?? paths.first { !$0.contains("ready") }
            let ready = workload.ready ?? paths.first { $0.contains("ready") } ?? live
            suggested.live = root + (live ?? "/health/live")
            suggested.ready = root + (ready ?? "/health/ready")
            if live == nil {
                unconfirmed["live"] =
                    declared
                    ? "its manifest declares no HTTP probe: point this at its health endpoint"
                    : "no health endpoint found: add one (see health.missing)"
                unconfirmed["ready"] = unconfirmed["live"]
            }
            suggested.metrics = metrics
            if metrics == nil {
                unconfirmed["metrics"] = "no metrics served (metrics.missing): add /metrics, then watch it here"
            } else if declared {
                unconfirmed["metrics"] = "the code serves metrics; check this workload does, on this port"
            } else if self.declared.metricsPath == nil {
                unconfirmed["metrics"] = "a metrics library is used but no /metrics route was found: check the path and port"
            }
        case "worker":
            suggested.metrics = metrics
            if metrics != nil { unconfirmed["metrics"] = "the code serves metrics; check this worker does, on this port" }
            if metrics == nil {
                suggested.heartbeat = true
                unconfirmed["heartbeat"] = "no metrics served: ping the watcher after each batch (POST /ping/<token>)"
            }
        default:
            suggested.schedule = workload.schedule ?? "0 3 * * *"
            if workload.schedule == nil { unconfirmed["schedule"] = "no schedule found: set the real one" }
        }
        suggested.unconfirmed = unconfirmed.isEmpty ? nil : unconfirmed
        return suggested
    }

    /// A starting spec for the suggested workloads; a value the repository did not declare says so.
    static func yaml(_ workloads: [SuggestedWorkload]) -> String {
        var text = "# Suggested by vitals audit from what the repository declares; check each \"check:\" note, then `vitals check`.\nworkloads:\n"
        for workload in workloads {
            let notes = workload.unconfirmed ?? [:]
            func line(_ key: String, _ value: String?) {
                guard let value else {
                    if let note = notes[key] { text += "    # \(key): \(note)\n" }
                    return
                }
                text += "    \(key): \(value)" + (notes[key].map { "   # check: \($0)" } ?? "") + "\n"
            }
            text += "  \(workload.name):   # from \(workload.evidence)\n    kind: \(workload.kind)\n"
            if let port = notes["port"] { text += "    # check: \(port)\n" }
            switch workload.kind {
            case "api":
                line("live", workload.live)
                line("ready", workload.ready)
                line("metrics", workload.metrics)
                text += "    slo: { availability: 99.9%, latency: { below: 250ms, target: 99% } }\n"
            case "worker":
                line("metrics", workload.metrics)
                line("heartbeat", workload.heartbeat.map(String.init))
                text += "    progress_within: 5m\n" + (workload.metrics != nil ? "    backlog: { max_age: 10m }\n" : "")
            default:
                line("schedule", workload.schedule.map { "\"\($0)\"" })
                text += "    grace: 30m\n    max_duration: 1h\n    min_records: 1\n"
            }
        }
        return text
    }
}
