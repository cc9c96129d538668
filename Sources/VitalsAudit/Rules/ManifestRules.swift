import Yams

/// Findings that need a YAML file's structure: Prometheus alerting rules, Alertmanager configuration
/// and Kubernetes workloads.
enum ManifestRules {
    // Regex is immutable once built but not marked Sendable; these constants are only ever read.
    nonisolated(unsafe) static let causeSeries =
        #/node_cpu|cpu_usage|process_cpu|container_cpu|cpu_seconds|memory_usage|container_memory|node_memory|process_resident_memory/#

    static func findings(_ source: SourceText, file: String) -> [Finding] {
        // Only files that can be rule files, Alertmanager configuration or workloads are parsed: most YAML
        // in a repository is neither, and parsing it costs more than scanning it.
        guard source.language == .yaml, ["groups:", "route:", "kind:"].contains(where: source.contains),
            let documents = try? Yams.compose_all(yaml: source.original)
        else { return [] }
        var found: [Finding] = []
        for document in documents {
            guard case .mapping(let top) = document else { continue }
            if let groups = top["groups"], case .sequence(let groups) = groups {
                found += self.alertRules(groups, file: file)
            }
            if case .mapping? = top["route"], case .sequence(let receivers)? = top["receivers"] {
                found += self.alertmanager(route: top["route"]!, receivers: receivers, file: file)
            }
            if let kind = top["kind"]?.string, ["Deployment", "StatefulSet", "DaemonSet", "Pod"].contains(kind) {
                found += self.probes(document, file: file)
            }
        }
        return found
    }

    private static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    private static func alertRules(_ groups: Node.Sequence, file: String) -> [Finding] {
        var found: [Finding] = []
        for group in groups {
            guard case .sequence(let rules)? = group["rules"] else { continue }
            for rule in rules {
                guard let name = rule["alert"]?.string else { continue }
                let line = self.line(rule)
                if rule["for"] == nil || rule["for"]?.string == "0s" || rule["for"]?.string == "0" {
                    found.append(
                        Finding(
                            id: "alert.no_for",
                            severity: .warning,
                            file: file,
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
                            file: file,
                            line: line,
                            message: "alert \(name) has no runbook annotation: whoever is paged starts from nothing",
                            hint: "add annotations.runbook_url (vitals rules generates runbooks)"
                        )
                    )
                }
                let severity = rule["labels"]?["severity"]?.string?.lowercased() ?? ""
                if let expr = rule["expr"]?.string, expr.firstMatch(of: self.causeSeries) != nil, ["critical", "page", "error"].contains(severity) {
                    found.append(
                        Finding(
                            id: "alert.cause_based",
                            severity: .warning,
                            file: file,
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
    private static func alertmanager(route: Node, receivers: Node.Sequence, file: String) -> [Finding] {
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
                        file: file,
                        line: self.line(receiver),
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
                    file: file,
                    line: self.line(receiver),
                    message: "the default route sends to \(name), which notifies nobody: an alert no other route matches is dropped unseen",
                    hint: "make the default receiver notify a team channel; silence chosen alerts with their own routes"
                )
            )
        }
        return found
    }

    private static func probes(_ document: Node, file: String) -> [Finding] {
        let spec = document["kind"]?.string == "Pod" ? document["spec"] : document["spec"]?["template"]?["spec"]
        guard case .sequence(let containers)? = spec?["containers"] else { return [] }
        return containers.compactMap { container in
            let missing = ["livenessProbe", "readinessProbe"].filter { container[$0] == nil }
            guard !missing.isEmpty else { return nil }
            let name = container["name"]?.string ?? "a container"
            return Finding(
                id: "k8s.no_probes",
                severity: .error,
                file: file,
                line: self.line(container),
                message: "container \(name) has no \(missing.joined(separator: " or ")): a wedged or unready instance keeps getting traffic",
                hint: "add httpGet probes on /health/live and /health/ready (vitals rules writes them)"
            )
        }
    }
}
