import Yams

extension SpecReader {
    static let httpMethods = ["get", "head", "post", "put", "patch", "delete", "options"]

    mutating func syntheticChecks(_ node: Node, path: String) -> [SyntheticCheck] {
        guard let items = self.sequence(node, path: path) else { return [] }
        return items.enumerated().compactMap { index, item in self.syntheticCheck(item, path: "\(path)[\(index)]") }
    }

    private mutating func syntheticCheck(_ node: Node, path: String) -> SyntheticCheck? {
        guard let entries = self.mapping(node, path: path) else { return nil }
        self.checkKeys(entries, allowed: Self.httpMethods + ["headers", "body", "expect"], path: path)
        let methods = entries.filter { Self.httpMethods.contains($0.key) }
        guard methods.count == 1, let method = methods.first else {
            self.fail(
                "synthetic_method",
                "a synthetic check needs exactly one of \(Self.httpMethods.joined(separator: ", "))",
                hint: "e.g. - get: http://127.0.0.1:8080/orders",
                at: node,
                path: path
            )
            return nil
        }
        guard let url = self.url(method.value, path: "\(path).\(method.key)") else { return nil }
        var check = SyntheticCheck(method: method.key.uppercased(), url: url)
        for (key, _, value) in entries {
            switch key {
            case "body": check.body = self.text(value, path: "\(path).body")
            case "headers":
                for header in self.mapping(value, path: "\(path).headers") ?? [] {
                    if let text = self.text(header.value, path: "\(path).headers.\(header.key)") { check.headers[header.key] = Secret(text) }
                }
            case "expect": self.expectations(value, into: &check, path: "\(path).expect")
            default: break
            }
        }
        return check
    }

    private mutating func expectations(_ node: Node, into check: inout SyntheticCheck, path: String) {
        guard let entries = self.mapping(node, path: path) else { return }
        self.checkKeys(entries, allowed: ["status", "json", "latency_below"], path: path)
        for (key, _, value) in entries {
            switch key {
            case "status": check.status = self.int(value, path: "\(path).status", range: 100...599) ?? 200
            case "latency_below": check.latencyBelow = self.duration(value, path: "\(path).latency_below")
            case "json":
                for expectation in self.mapping(value, path: "\(path).json") ?? [] {
                    if let assertion = self.jsonAssertion(expectation, path: "\(path).json") { check.json.append(assertion) }
                }
            default: break
            }
        }
    }

    private mutating func jsonAssertion(_ entry: Entry, path: String) -> JSONAssertion? {
        let jsonPath: JSONPath
        do {
            jsonPath = try JSONPath(parsing: entry.key)
        } catch {
            let quoted = entry.keyNode.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
            self.fail(
                "bad_jsonpath",
                "\"\(entry.key)\" is not a supported JSONPath: \(error.message)",
                hint: "write $.name, $.items[0] or $['odd key']",
                at: entry.keyNode,
                path: "\(path).\(entry.key)",
                columnOffset: error.column - 1 + (quoted ? 1 : 0)
            )
            return nil
        }
        guard let text = self.text(entry.value, path: "\(path).\(entry.key)") else { return nil }
        do {
            return JSONAssertion(path: jsonPath, expectation: try JSONExpectation(parsing: text))
        } catch {
            self.fail(
                "bad_expectation",
                error.message,
                hint:
                    "write a type (array, object, string, number, bool, null, exists), a comparison (\"> 0\", \"== ok\") or length (\"length > 0\")",
                at: entry.value,
                path: "\(path).\(entry.key)"
            )
            return nil
        }
    }

    /// Thresholds for scraped signals and probes (api and worker).
    mutating func threshold(_ key: String, _ node: Node, into thresholds: inout SignalThresholds, path: String) {
        switch key {
        case "window": thresholds.window = self.duration(node, path: path) ?? thresholds.window
        case "max_error_ratio": thresholds.maxErrorRatio = self.fraction(node, path: path)
        case "max_p99": thresholds.maxP99 = self.duration(node, path: path)
        case "min_events": thresholds.minEvents = self.int(node, path: path, range: 1...1_000_000) ?? thresholds.minEvents
        case "failure_threshold": thresholds.failureThreshold = self.int(node, path: path, range: 1...100) ?? thresholds.failureThreshold
        case "success_threshold": thresholds.successThreshold = self.int(node, path: path, range: 1...100) ?? thresholds.successThreshold
        default: break
        }
    }

    /// A metric profile's name; nil for `auto` (detected from the first scrape) or a name no profile has.
    mutating func profile(_ node: Node, path: String) -> String? {
        guard let name = self.text(node, path: path) else { return nil }
        let known = MetricProfile.all.map(\.name)
        guard name == "auto" || known.contains(name) else {
            let suggestion = DidYouMean.suggestion(for: name, among: known)
            self.fail(
                "unknown_profile",
                "no metric profile is named \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
                hint: "use auto or one of \(known.joined(separator: ", "))",
                at: node,
                path: path
            )
            return nil
        }
        return name == "auto" ? nil : name
    }

    /// Keys of ``SignalThresholds``, taken by APIs and workers.
    static let thresholdKeys = ["window", "max_error_ratio", "max_p99", "min_events", "failure_threshold", "success_threshold"]

    mutating func slo(_ node: Node, path: String) -> ServiceLevelObjective? {
        guard let entries = self.mapping(node, path: path) else { return nil }
        self.checkKeys(entries, allowed: ["availability", "latency", "window"], path: path)
        var slo = ServiceLevelObjective(availability: nil, latencyBelow: nil, latencyTarget: nil, window: .seconds(30 * 86_400))
        for (key, _, value) in entries {
            switch key {
            case "availability": slo.availability = self.fraction(value, path: "\(path).availability")
            case "window": slo.window = self.duration(value, path: "\(path).window") ?? slo.window
            case "latency":
                guard let latency = self.mapping(value, path: "\(path).latency") else { break }
                self.checkKeys(latency, allowed: ["below", "target"], path: "\(path).latency")
                slo.latencyBelow = latency.first { $0.key == "below" }.flatMap { self.duration($0.value, path: "\(path).latency.below") }
                slo.latencyTarget = latency.first { $0.key == "target" }.flatMap { self.fraction($0.value, path: "\(path).latency.target") }
                if slo.latencyBelow == nil || slo.latencyTarget == nil, !self.errors.contains(where: { $0.keyPath.hasPrefix("\(path).latency") }) {
                    self.fail(
                        "missing_key",
                        "a latency objective needs below and target",
                        hint: "write latency: { below: 250ms, target: 99% }",
                        at: value,
                        path: "\(path).latency"
                    )
                }
            default: break
            }
        }
        return slo
    }
}
