/// A workload the audit thinks the code runs, with the evidence for it.
package struct SuggestedWorkload: Sendable, Codable, Hashable {
    package var name: String
    package var kind: String
    /// `file:line` of the first route, consumer or schedule found.
    package var evidence: String

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
                needles: ["workermonitor(", "basic_consume(", "@kafkalistener", ".subscribe(", "consumer.", "receivemessage(", ".task"],
                verify: Pattern(
                    #"WorkerMonitor\(|basic_consume\(|@KafkaListener|\.subscribe\(|\bconsumer\.(poll|consume)\(|ReceiveMessage\(|@(app|celery)\.task\b"#
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

    /// The first sign of each kind in one file; `hits` are the catalog's offsets for `signs`, in order.
    static func firstSigns(in source: SourceText, file: String, hits: [[Int]]) -> [String: String] {
        var found: [String: String] = [:]
        for (sign, hits) in zip(Self.signs, hits) where found[sign.kind] == nil {
            if let line = sign.evidence.lines(in: source, hits: hits, first: true).first { found[sign.kind] = "\(file):\(line)" }
        }
        return found
    }

    /// Keeps the first file's sign of each kind (files come in path order).
    mutating func note(_ signs: [String: String]) {
        self.found.merge(signs) { first, _ in first }
    }

    func workloads(project: String) -> [SuggestedWorkload] {
        let base = project.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce("") { $0 + String($1) }
        return ["api", "worker", "job"].compactMap { kind in
            self.found[kind].map { SuggestedWorkload(name: "\(base.isEmpty ? "service" : base)-\(kind)", kind: kind, evidence: $0) }
        }
    }

    /// A starting spec for the suggested workloads: URLs and schedules to be filled in.
    static func yaml(_ workloads: [SuggestedWorkload]) -> String {
        var text = "# Suggested by vitals audit: check the URLs and the schedule, then `vitals check`.\nworkloads:\n"
        for workload in workloads {
            text += "  \(workload.name):   # from \(workload.evidence)\n    kind: \(workload.kind)\n"
            switch workload.kind {
            case "api":
                text +=
                    "    live: http://127.0.0.1:8080/health/live\n    ready: http://127.0.0.1:8080/health/ready\n    metrics: http://127.0.0.1:8080/metrics\n"
                text += "    slo: { availability: 99.9%, latency: { below: 250ms, target: 99% } }\n"
            case "worker":
                text += "    metrics: http://127.0.0.1:8081/metrics\n    progress_within: 5m\n    backlog: { max_age: 10m }\n"
            default:
                text += "    schedule: \"0 3 * * *\"\n    grace: 30m\n    max_duration: 1h\n    min_records: 1\n"
            }
        }
        return text
    }
}
