import Foundation
import Yams

/// Findings that need a YAML file's structure: Prometheus alerting rules, Alertmanager configuration
/// and Kubernetes workloads.
enum ManifestRules {
    // Regex is immutable once built but not marked Sendable; these constants are only ever read.
    nonisolated(unsafe) static let causeSeries =
        #/node_cpu|cpu_usage|process_cpu|container_cpu|cpu_seconds|memory_usage|container_memory|node_memory|process_resident_memory/#

    /// Kinds whose documents are parsed; every other document (a CustomResourceDefinition's megabytes
    /// of schema, ConfigMaps, Services) is skipped unread.
    static let kinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "Pod", "PrometheusRule", "Secret", "CronJob"]

    /// The findings of a YAML file and what it declares: the workloads of its manifests, the health URLs
    /// of a Compose file, and whether it probes containers itself (Kubernetes probes, Compose
    /// healthchecks), which makes an image's HEALTHCHECK moot. One pass over its documents.
    static func read(_ source: SourceText, file: String) -> (findings: [Finding], declared: Declarations) {
        guard source.language == .yaml else { return ([], Declarations()) }
        var found: [Finding] = []
        var declared = Declarations()
        for document in YAMLDocuments.split(source) {
            if document.hasServices {
                let text = document.text(of: source)
                declared.probes = declared.probes || text.contains("healthcheck:")
                declared.health += Declarations.groups(of: Declarations.url, in: text).map { .init(port: Int($0[1]), path: $0[2]) }
            }
            guard document.isRelevant(kinds: Self.kinds), let node = try? Yams.compose(yaml: document.text(of: source)) else { continue }
            found += self.findings(node, file: file, offset: document.lineOffset)
            let at = Lines(file: file, offset: document.lineOffset)
            if let workload = DeclaredWorkload.of(node, file: file, line: at.callAsFunction) { declared.workloads.append(workload) }
            if case .sequence(let containers)? = (node["spec"]?["template"]?["spec"] ?? node["spec"])?["containers"] {
                declared.probes = declared.probes || containers.contains { $0["livenessProbe"] != nil || $0["readinessProbe"] != nil }
            }
        }
        return (found, declared)
    }

    /// Findings of one parsed document whose first line is `offset + 1` of the file.
    static func findings(_ document: Node, file: String, offset: Int) -> [Finding] {
        guard case .mapping(let top) = document else { return [] }
        let at = Lines(file: file, offset: offset)
        var found: [Finding] = []
        if let groups = top["groups"], case .sequence(let groups) = groups {
            found += self.alertRules(groups, at: at)
        }
        if case .mapping? = top["route"], case .sequence(let receivers)? = top["receivers"] {
            found += self.alertmanager(route: top["route"]!, receivers: receivers, at: at)
        }
        switch top["kind"]?.string {
        case "Deployment", "StatefulSet", "DaemonSet", "Pod": found += self.probes(document, at: at)
        case "PrometheusRule":
            if case .sequence(let groups)? = document["spec"]?["groups"] { found += self.alertRules(groups, at: at) }
        case "Secret": found += self.embeddedAlertmanager(document, at: at)
        default: break
        }
        return found
    }

    /// Where a node is in the file: its line in the document plus the document's offset.
    struct Lines {
        var file: String
        var offset: Int
        func callAsFunction(_ node: Node) -> Int { (node.mark?.line ?? 1) + self.offset }
    }

    /// Alertmanager's configuration kept in a Secret (the Prometheus Operator's `alertmanager-main`):
    /// under `stringData` as text, whose lines are found in the file; under `data` in base64, reported
    /// at its key.
    private static func embeddedAlertmanager(_ secret: Node, at: Lines) -> [Finding] {
        var found: [Finding] = []
        for (field, encoded) in [("stringData", false), ("data", true)] {
            guard case .mapping(let entries)? = secret[field] else { continue }
            for (key, value) in entries {
                guard let name = key.string, name.hasPrefix("alertmanager"), name.hasSuffix(".yaml") || name.hasSuffix(".yml"),
                    var text = value.string
                else { continue }
                // A block scalar's text starts on the line after its key.
                var offset = at(value)
                if encoded {
                    guard let data = Foundation.Data(base64Encoded: text.filter { !$0.isWhitespace }) else { continue }
                    text = String(decoding: data, as: UTF8.self)
                    offset = at(key) - 1
                }
                guard let node = try? Yams.compose(yaml: text) else { continue }
                let inner = self.findings(node, file: at.file, offset: offset)
                found +=
                    encoded
                    ? inner.map {
                        var finding = $0
                        finding.line = at(key)
                        return finding
                    } : inner
            }
        }
        return found
    }

    private static func alertRules(_ groups: Node.Sequence, at: Lines) -> [Finding] {
        var found: [Finding] = []
        for group in groups {
            guard case .sequence(let rules)? = group["rules"] else { continue }
            for rule in rules {
                guard let name = rule["alert"]?.string else { continue }
                let line = at(rule)
                let severity = rule["labels"]?["severity"]?.string?.lowercased() ?? ""
                // An alert that notifies nobody (a Watchdog, an inhibitor) fires on every evaluation on purpose.
                let notifies = !["none", "info"].contains(severity)
                // A threshold on time left or time passed (a certificate's TTL, a job's age) moves one way:
                // one evaluation over it is the fact, not a blip.
                let expression = rule["expr"]?.string?.lowercased() ?? ""
                let timed = ["time()", "ttl_seconds", "expir"].contains(where: expression.contains)
                if notifies, !timed, rule["for"] == nil || rule["for"]?.string == "0s" || rule["for"]?.string == "0" {
                    found.append(
                        Finding(
                            id: "alert.no_for",
                            severity: .warning,
                            file: at.file,
                            line: line,
                            message: "alert \(name) has no for: it pages on a single evaluation, so every blip notifies",
                            hint: "add for: with how long the condition must hold, e.g. for: 5m"
                        )
                    )
                }
                if rule["annotations"]?["runbook_url"] == nil && rule["annotations"]?["runbook"] == nil {
                    found.append(
                        Finding(
                            id: "alert.no_runbook",
                            severity: .warning,
                            file: at.file,
                            line: line,
                            message: "alert \(name) has no runbook annotation: whoever is paged starts from nothing",
                            hint: "add annotations.runbook_url (vitals rules generates runbooks)"
                        )
                    )
                }
                if let expr = rule["expr"]?.string, expr.firstMatch(of: self.causeSeries) != nil, ["critical", "page", "error"].contains(severity) {
                    found.append(
                        Finding(
                            id: "alert.cause_based",
                            severity: .warning,
                            file: at.file,
                            line: line,
                            message: "alert \(name) pages on CPU or memory, a cause, not on what users see",
                            hint: "page on symptoms (errors, latency, SLO burn); send resource alerts as tickets"
                        )
                    )
                }
            }
        }
        return found
    }

    /// Routes to receivers that do not exist (Alertmanager refuses the file) and a default route to a
    /// receiver with no notification configured (an alert no other route matches is dropped unseen).
    private static func alertmanager(route: Node, receivers: Node.Sequence, at: Lines) -> [Finding] {
        var notifying: [String: Bool] = [:]
        for receiver in receivers {
            guard let name = receiver["name"]?.string, case .mapping(let fields) = receiver else { continue }
            notifying[name] = fields.contains { key, value in key.string?.hasSuffix("_configs") == true && value.sequence?.isEmpty == false }
        }
        var found: [Finding] = []
        func visit(_ route: Node) {
            if let receiver = route["receiver"], let name = receiver.string, notifying[name] == nil {
                found.append(
                    Finding(
                        id: "alertmanager.unknown_receiver",
                        severity: .error,
                        file: at.file,
                        line: at(receiver),
                        message: "route sends to receiver \(name), which is not defined: Alertmanager will not load this file",
                        hint: "define \(name) under receivers, or route to one that exists"
                    )
                )
            }
            if case .sequence(let children)? = route["routes"] { children.forEach(visit) }
        }
        visit(route)
        if let receiver = route["receiver"], let name = receiver.string, notifying[name] == false {
            found.append(
                Finding(
                    id: "alertmanager.default_silent",
                    severity: .warning,
                    file: at.file,
                    line: at(receiver),
                    message: "the default route sends to \(name), which notifies nobody: an alert no other route matches is dropped unseen",
                    hint: "make the default receiver notify a team channel; silence chosen alerts with their own routes"
                )
            )
        }
        return found
    }

    /// One finding per workload, naming it, so the same Deployment in a base, an overlay and a rendered
    /// release reads the same (the auditor keeps the first). A container without an image is a kustomize
    /// patch whose base has the rest. Readiness matters only where traffic comes in: a container that
    /// declares no port is held to liveness alone.
    private static func probes(_ document: Node, at: Lines) -> [Finding] {
        let kind = document["kind"]?.string ?? "Pod"
        let spec = kind == "Pod" ? document["spec"] : document["spec"]?["template"]?["spec"]
        guard case .sequence(let containers)? = spec?["containers"] else { return [] }
        var lacking: [(name: String, line: Int, missing: [String])] = []
        for container in containers where container["image"] != nil {
            let serves = container["ports"]?.sequence?.isEmpty == false
            let missing = ["livenessProbe", "readinessProbe"].filter { container[$0] == nil && ($0 == "livenessProbe" || serves) }
            if !missing.isEmpty { lacking.append((container["name"]?.string ?? "a container", at(container), missing)) }
        }
        guard let first = lacking.first else { return [] }
        let workload = "\(kind) \(document["metadata"]?["name"]?.string ?? "unnamed")"
        let what = lacking.map { "\($0.name) has no \($0.missing.joined(separator: " or "))" }.joined(separator: ", ")
        let why =
            lacking.contains { $0.missing.contains("readinessProbe") }
            ? "a wedged or unready instance keeps getting traffic" : "a wedged instance is never restarted"
        return [
            Finding(
                id: "k8s.no_probes",
                severity: .error,
                file: at.file,
                line: first.line,
                message: "\(workload): container \(what): \(why)",
                hint: "add httpGet probes on the service's health endpoints (vitals rules writes them)"
            )
        ]
    }
}
