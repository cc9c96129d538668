import Foundation
import Yams

/// What one file declares about how its service is reached: ports, health and metrics paths, and
/// whole workloads (a Deployment, a CronJob). The suggested `vitals.yml` is built from these rather
/// than from a template.
struct Declarations: Sendable {
    /// Ports the service listens on (`EXPOSE`, `listen(3000)`, `ListenAndServe(":8080")`, `--port 8000`).
    var ports: [Int] = []
    /// Health endpoints, with the port when the file says it (a URL in a HEALTHCHECK or compose file).
    var health: [Endpoint] = []
    /// A metrics path served (`"/metrics"`).
    var metricsPath: String?
    /// Workloads a manifest declares.
    var workloads: [DeclaredWorkload] = []
    /// Containers are probed by their orchestrator (Kubernetes probes, Compose healthchecks).
    var probes = false

    struct Endpoint: Sendable, Hashable {
        var port: Int?
        var path: String
    }

    static let url = Pattern(#"https?://[\w.\-]+:(\d{2,5})(/[\w./\-]*(health|livez|readyz|ready|live|ping)[\w./\-]*)"#, caseInsensitive: true)
    static let route = Pattern(#"["'`](/[\w./{}:\-]*(health|livez|readyz|ready|live)[\w./{}\-]*)["'`]"#, caseInsensitive: true)
    static let metrics = Pattern(#"["'`](/[\w/\-]*metrics)["'`]"#)
    static let port = Pattern(
        #"^\s*EXPOSE\s+(\d{2,5})|\blisten\(\s*(\d{2,5})\b|ListenAndServe\(\s*"[\w.]*:(\d{2,5})"|--port[= ](\d{2,5})\b|\bport\s*=\s*(\d{4,5})\b|\bPORT\s*(?:\|\||\?\?|or|,)\s*["']?(\d{4,5})\b"#
    )

    /// Where declarations can be, found by the catalog's single pass with every rule's literals: the
    /// expressions above then read only those lines. In this order: ports, health endpoints, metrics.
    static let matchers: [Matcher] = [
        Matcher(
            languages: [.swift, .python, .javascript, .go, .dockerfile],
            view: .code,
            needles: ["expose", "listen(", "listenandserve(", "--port", Needle("port", boundary: .word)]
        ),
        Matcher(
            languages: [.swift, .python, .javascript, .go, .dockerfile],
            view: .code,
            needles: ["health", "livez", "readyz", "/ready", "/live"]
        ),
        Matcher(languages: [.swift, .python, .javascript, .go], view: .code, needles: ["metrics"]),
    ]

    /// Reads `source` (not a test file) for declarations, on the lines the catalog's `hits` (for
    /// `matchers`, in order) point at. YAML declares through its manifests and Compose files, read with
    /// its rules (`manifests`); a file of CRDs or rules says "port" and "health" in prose and is not read
    /// again.
    static func found(in source: SourceText, hits: [[Int]], manifests: Declarations) -> Declarations {
        guard source.language != .yaml else { return manifests }
        var found = manifests
        func lines(_ index: Int) -> String {
            let numbers = Self.matchers[index].lines(in: source, hits: hits[index])
            return numbers.map { String(decoding: source.bytes(.code)[source.lines($0, through: $0)], as: UTF8.self) }.joined()
        }
        if !hits[0].isEmpty {
            found.ports = Self.groups(of: Self.port, in: lines(0)).compactMap { groups in groups.dropFirst().lazy.compactMap { Int($0) }.first }
                .filter { (1...65_535).contains($0) }
        }
        if !hits[1].isEmpty {
            let text = lines(1)
            found.health = Self.groups(of: Self.url, in: text).map { Endpoint(port: Int($0[1]), path: $0[2]) }
            if source.language != .dockerfile {
                found.health += Self.groups(of: Self.route, in: text).filter { !$0[1].contains("{") }.map { Endpoint(port: nil, path: $0[1]) }
            }
        }
        if !hits[2].isEmpty { found.metricsPath = Self.groups(of: Self.metrics, in: lines(2)).first?[1] }
        return found
    }

    /// The capture groups of every match (an absent group is "").
    static func groups(of pattern: Pattern, in text: String) -> [[String]] {
        pattern.expression.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).map { match in
            (0..<match.numberOfRanges).map { index in Range(match.range(at: index), in: text).map { String(text[$0]) } ?? "" }
        }
    }
}

/// A workload a Kubernetes manifest declares.
struct DeclaredWorkload: Sendable, Hashable {
    var name: String
    /// `api` (a container with ports), `worker` (none), `job` (a CronJob).
    var kind: String
    var evidence: String
    var port: Int?
    var live: String?
    var ready: String?
    var schedule: String?
    /// Declared by an orchestrator's manifest, which also says where it is probed and under which host
    /// name it is reached.
    var orchestrated = false

    /// A Deployment's, StatefulSet's or CronJob's workload; nil for other kinds and kustomize patches.
    static func of(_ document: Node, file: String, line: (Node) -> Int) -> DeclaredWorkload? {
        guard let kind = document["kind"]?.string, let name = document["metadata"]?["name"]?.string else { return nil }
        switch kind {
        case "CronJob":
            guard let schedule = document["spec"]?["schedule"]?.string else { return nil }
            return DeclaredWorkload(name: name, kind: "job", evidence: "\(file):\(line(document))", schedule: schedule, orchestrated: true)
        case "Deployment", "StatefulSet":
            guard case .sequence(let containers)? = document["spec"]?["template"]?["spec"]?["containers"],
                let main = containers.first(where: { $0["image"] != nil })
            else { return nil }
            let port = main["ports"]?.sequence?.first?["containerPort"]?.int
            func path(_ probe: String) -> String? { main[probe]?["httpGet"]?["path"]?.string }
            return DeclaredWorkload(
                name: name,
                kind: port == nil ? "worker" : "api",
                evidence: "\(file):\(line(main))",
                port: port,
                live: path("livenessProbe"),
                ready: path("readinessProbe"),
                orchestrated: true
            )
        default: return nil
        }
    }
}
