/// A workload the audit thinks the code runs, with the evidence for it.
public struct SuggestedWorkload: Sendable, Codable, Hashable {
    public var name: String
    public var kind: String
    /// `file:line` of the first route, consumer or schedule found.
    public var evidence: String

    public init(name: String, kind: String, evidence: String) {
        self.name = name
        self.kind = kind
        self.evidence = evidence
    }
}

/// Finds routes (an API), queue consumers (a worker) and scheduled tasks (a job), and suggests a
/// starting `vitals.yml` for them.
struct WorkloadSuggester {
    static let signs: [(kind: String, pattern: Pattern)] = [
        ("api", Pattern(#"\brouter\.(get|post|put|patch|delete)\(|\bapp\.(get|post|put|patch|delete|route)\(|@(app|router|bp)\.(route|get|post|put|delete)\(|\bHandleFunc\(|\bhttp\.Handle\("#)),
        ("worker", Pattern(#"WorkerMonitor\(|basic_consume\(|@KafkaListener|\.subscribe\(|\bconsumer\.(poll|consume)\(|ReceiveMessage\(|@(app|celery)\.task\b"#)),
        ("job", Pattern(#"JobMonitor\(|@Scheduled\b|schedule\.every\(|\bcron\.New\(|BlockingScheduler\(|kind:\s*CronJob"#)),
    ]

    private var found: [String: String] = [:]

    mutating func read(_ source: SourceText, file: String) {
        guard !LineRules.isTest(file) else { return }
        for sign in Self.signs where self.found[sign.kind] == nil {
            let view: SourceText.View = source.language == .yaml ? .code : .bare
            if let offset = sign.pattern.firstMatch(in: source.text(view)) {
                self.found[sign.kind] = "\(file):\(source.line(atUTF16: offset, in: view))"
            }
        }
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
                text += "    live: http://127.0.0.1:8080/health/live\n    ready: http://127.0.0.1:8080/health/ready\n    metrics: http://127.0.0.1:8080/metrics\n"
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
