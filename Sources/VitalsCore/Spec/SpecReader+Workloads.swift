import Yams

extension SpecReader {
    static let workloadKeys = [
        "kind", "runbook", "interval", "timeout", "live", "ready", "metrics", "synthetic", "slo", "progress_within", "backlog",
        "heartbeat", "schedule", "timezone", "grace", "max_duration", "min_records", "token", "post_only", "retention",
        "for", "resolve_after", "notify",
    ] + thresholdKeys
    /// Keys that only mean something for one kind of workload.
    static let kindOnlyKeys: [String: Workload.Kind] = [
        "synthetic": .api, "slo": .api, "progress_within": .worker, "backlog": .worker, "schedule": .job, "timezone": .job,
        "grace": .job, "max_duration": .job, "min_records": .job, "startup": .api, "profile": .api,
    ]

    mutating func workloads(_ node: Node, defaults: CheckDefaults, channels: [NotifyChannel]) -> [Workload] {
        guard let entries = self.mapping(node, path: "workloads") else { return [] }
        if entries.isEmpty {
            self.fail("no_workloads", "no workloads are declared", hint: "add one, e.g. orders-api: { kind: api, ready: http://… }", at: node, path: "workloads")
        }
        return entries.compactMap { self.workload(name: $0.key, nameNode: $0.keyNode, node: $0.value, defaults: defaults, channels: channels) }
    }

    private mutating func workload(name: String, nameNode: Node, node: Node, defaults: CheckDefaults, channels: [NotifyChannel]) -> Workload? {
        let path = "workloads.\(name)"
        if name.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,62}/) == nil {
            self.fail("bad_name", "workload name \"\(name)\" is not URL-safe", hint: "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit", at: nameNode, path: path)
        }
        guard let entries = self.mapping(node, path: path) else { return nil }
        let errorsBefore = self.errors.count
        self.checkKeys(entries, allowed: Self.workloadKeys, path: path)
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

        guard let kindNode = value("kind") else {
            self.fail("missing_key", "workload \"\(name)\" has no kind", hint: "add kind: api, worker or job", at: node, path: path)
            return nil
        }
        guard let kindText = self.text(kindNode, path: "\(path).kind") else { return nil }
        guard let kind = Workload.Kind(rawValue: kindText) else {
            let suggestion = DidYouMean.suggestion(for: kindText, among: Workload.Kind.allCases.map(\.rawValue))
            self.fail("bad_kind", "unknown kind \"\(kindText)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""), hint: "use api, worker or job", at: kindNode, path: "\(path).kind")
            return nil
        }
        for (key, keyNode, _) in entries {
            if kind == .job, Self.thresholdKeys.contains(key), Self.kindOnlyKeys[key] == nil {
                self.fail("wrong_kind_key", "\(key) applies to kinds api and worker, not job", hint: "remove it, or change kind", at: keyNode, path: "\(path).\(key)")
            }
            if let only = Self.kindOnlyKeys[key], only != kind {
                self.fail("wrong_kind_key", "\(key) applies to kind \(only.rawValue), not \(kind.rawValue)", hint: "remove it, or change kind", at: keyNode, path: "\(path).\(key)")
            }
        }

        var workload = Workload(
            name: name, kind: kind, interval: defaults.interval, timeout: defaults.timeout, heartbeat: false, grace: .seconds(300),
            postOnly: false, retention: 1000)
        for (key, _, node) in entries {
            let keyPath = "\(path).\(key)"
            switch key {
            case "runbook": workload.runbook = self.text(node, path: keyPath)
            case "interval": workload.interval = self.duration(node, path: keyPath) ?? workload.interval
            case "timeout": workload.timeout = self.duration(node, path: keyPath) ?? workload.timeout
            case "live": workload.live = self.url(node, path: keyPath)
            case "ready": workload.ready = self.url(node, path: keyPath)
            case "metrics": workload.metrics = self.url(node, path: keyPath)
            case "progress_within": workload.progressWithin = self.duration(node, path: keyPath)
            case "backlog": workload.backlogMaxAge = self.backlog(node, path: keyPath)
            case "heartbeat": workload.heartbeat = self.bool(node, path: keyPath) ?? false
            case "grace": workload.grace = self.duration(node, path: keyPath) ?? workload.grace
            case "max_duration": workload.maxDuration = self.duration(node, path: keyPath)
            case "min_records": workload.minRecords = self.int(node, path: keyPath, range: 0...Int(Int32.max))
            case "token": workload.token = self.token(node, path: keyPath)
            case "post_only": workload.postOnly = self.bool(node, path: keyPath) ?? false
            case "retention": workload.retention = self.int(node, path: keyPath, range: 10...1_000_000) ?? workload.retention
            case "synthetic": workload.synthetic = self.syntheticChecks(node, path: keyPath)
            case "slo": workload.slo = self.slo(node, path: keyPath)
            case "for": workload.alertFor = self.duration(node, path: keyPath, allowZero: true) ?? workload.alertFor
            case "resolve_after": workload.resolveAfter = self.duration(node, path: keyPath, allowZero: true) ?? workload.resolveAfter
            case "notify": workload.channels = self.channelNames(node, path: keyPath, known: channels.map(\.name))
            case _ where Self.thresholdKeys.contains(key): self.threshold(key, node, into: &workload.thresholds, path: keyPath)
            default: break
            }
        }
        if let scheduleNode = value("schedule") {
            workload.schedule = self.schedule(scheduleNode, zoneNode: value("timezone"), path: path)
        } else if kind == .job, let zoneNode = value("timezone") {
            self.fail("timezone_without_schedule", "timezone is set but there is no schedule", hint: "add schedule: \"0 3 * * *\" or remove timezone", at: zoneNode, path: "\(path).timezone")
        }
        // A workload that already has a problem would only echo it ("nothing to watch" after a bad URL).
        if self.errors.count == errorsBefore {
            self.checkCompleteness(workload, node: node, timeoutNode: value("timeout") ?? value("interval"), path: path)
        }
        return workload
    }

    private mutating func checkCompleteness(_ workload: Workload, node: Node, timeoutNode: Node?, path: String) {
        // Only when the workload sets them itself: inherited defaults are reported once, under defaults.
        if let timeoutNode, workload.timeout > workload.interval {
            self.fail("timeout_exceeds_interval", "timeout \(DurationText.format(workload.timeout)) is longer than interval \(DurationText.format(workload.interval))",
                      hint: "a check must finish before the next one starts; lower timeout or raise interval", at: timeoutNode, path: "\(path).timeout")
        }
        switch workload.kind {
        case .api where workload.live == nil && workload.ready == nil && workload.metrics == nil && workload.synthetic.isEmpty:
            self.fail("nothing_to_watch", "api \"\(workload.name)\" has nothing to watch", hint: "add live, ready, metrics or synthetic", at: node, path: path)
        case .worker where workload.metrics == nil && !workload.heartbeat:
            self.fail("nothing_to_watch", "worker \"\(workload.name)\" has nothing to watch", hint: "add metrics: <url>, or heartbeat: true and ping the watcher", at: node, path: path)
        case .job where workload.schedule == nil:
            self.fail("missing_key", "job \"\(workload.name)\" has no schedule", hint: "add schedule: \"0 3 * * *\", \"every 1h\" or an OnCalendar expression", at: node, path: path)
        default: break
        }
    }

    private mutating func schedule(_ node: Node, zoneNode: Node?, path: String) -> Schedule? {
        guard let expression = self.text(node, path: "\(path).schedule") else { return nil }
        let zone = zoneNode.flatMap { self.text($0, path: "\(path).timezone") }
        do {
            return try Schedule.parse(expression, timeZone: zone)
        } catch {
            if error.message.hasPrefix("unknown time zone"), let zoneNode {
                self.fail("bad_timezone", error.message, hint: error.hint, at: zoneNode, path: "\(path).timezone")
            } else {
                // Point into the expression when it is written plainly on one line.
                let quoted = node.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
                self.fail("bad_schedule", error.message, hint: error.hint, at: node, path: "\(path).schedule", columnOffset: error.column - 1 + (quoted ? 1 : 0))
            }
            return nil
        }
    }

    private mutating func backlog(_ node: Node, path: String) -> Duration? {
        guard let entries = self.mapping(node, path: path) else { return nil }
        self.checkKeys(entries, allowed: ["max_age"], path: path)
        return entries.first { $0.key == "max_age" }.flatMap { self.duration($0.value, path: "\(path).max_age") }
    }

    private mutating func token(_ node: Node, path: String) -> Secret? {
        guard let text = self.text(node, path: path) else { return nil }
        guard text.count >= 16, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            self.fail("weak_secret", "token must be at least 16 letters, digits, '-' or '_'", hint: "leave it out to have one generated, or use: openssl rand -hex 16", at: node, path: path)
            return nil
        }
        return Secret(text)
    }

    /// `notify: [ops, pager]`: names of channels declared under the top-level `notify:`.
    private mutating func channelNames(_ node: Node, path: String, known: [String]) -> [String]? {
        guard let items = self.sequence(node, path: path) else { return nil }
        return items.compactMap { item -> String? in
            guard let name = self.text(item, path: path) else { return nil }
            guard known.contains(name) else {
                let suggestion = DidYouMean.suggestion(for: name, among: known)
                self.fail(
                    "unknown_channel", "no channel is named \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
                    hint: known.isEmpty ? "declare it under the top-level notify:" : "channels declared under notify: \(known.joined(separator: ", "))",
                    at: item, path: path)
                return nil
            }
            return name
        }
    }
}
