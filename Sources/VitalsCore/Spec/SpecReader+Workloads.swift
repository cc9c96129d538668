import Yams

extension SpecReader {
    /// Every workload key, in the order hints list them.
    static let workloadKeys = [
        "kind", "runbook", "interval", "timeout", "live", "ready", "metrics", "synthetic", "slo", "progress_within", "backlog",
        "heartbeat", "schedule", "timezone", "grace", "max_duration", "min_records", "token", "post_only", "retention",
        "for", "resolve_after", "notify", "window", "max_error_ratio", "max_p99", "min_events", "startup", "failure_threshold",
        "success_threshold", "profile", "instances", "dns", "routes", "ignore_routes", "no_traffic_after",
    ]
    /// Keys every kind takes.
    static let commonKeys: Set<String> = ["kind", "runbook", "interval", "timeout", "retention", "for", "resolve_after", "notify"]
    /// Keys of one kind or two, beside the common ones.
    static let keysByKind: [Workload.Kind: Set<String>] = [
        .api: Set(
            ["live", "ready", "metrics", "synthetic", "slo", "startup", "profile", "instances", "dns", "routes", "ignore_routes", "no_traffic_after"]
                + thresholdKeys
        ),
        .worker: Set(
            ["live", "ready", "metrics", "progress_within", "backlog", "heartbeat", "token", "post_only", "instances", "dns"] + thresholdKeys
        ),
        .job: ["schedule", "timezone", "grace", "max_duration", "min_records", "token", "post_only", "metrics"],
    ]

    mutating func workloads(_ node: Node, defaults: CheckDefaults, channels: [NotifyChannel]) -> [Workload] {
        guard let entries = self.mapping(node, path: "workloads") else { return [] }
        if entries.isEmpty {
            self.fail(
                "no_workloads",
                "no workloads are declared",
                hint: "add one, e.g. orders-api: { kind: api, ready: http://… }",
                at: node,
                path: "workloads"
            )
        }
        return entries.compactMap { self.workload(name: $0.key, nameNode: $0.keyNode, node: $0.value, defaults: defaults, channels: channels) }
    }

    private mutating func workload(name: String, nameNode: Node, node: Node, defaults: CheckDefaults, channels: [NotifyChannel]) -> Workload? {
        let path = "workloads.\(name)"
        if name.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,62}/) == nil {
            self.fail(
                "bad_name",
                "workload name \"\(name)\" is not URL-safe",
                hint: "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit",
                at: nameNode,
                path: path
            )
        }
        guard let entries = self.mapping(node, path: path) else { return nil }
        let errorsBefore = self.errors.count
        self.checkKeys(entries, allowed: Self.workloadKeys, path: path)
        guard let kind = self.kind(entries, node: node, name: name, path: path) else { return nil }
        self.checkKind(entries, kind: kind, path: path)
        let section = WorkloadSection(path: path, node: node, entries: entries, errorsBefore: errorsBefore)

        let details: Workload.Details
        switch kind {
        case .api: details = .api(self.api(section))
        case .worker: details = .worker(self.worker(section))
        case .job:
            guard let job = self.job(section) else { return nil }
            details = .job(job)
        }
        var workload = Workload(name: name, interval: defaults.interval, timeout: defaults.timeout, details: details)
        for (key, _, node) in entries {
            let keyPath = "\(path).\(key)"
            switch key {
            // A link people click from a page and a notification: http(s) only, never `javascript:`.
            case "runbook": workload.runbook = self.url(node, path: keyPath)
            case "interval": workload.interval = self.duration(node, path: keyPath) ?? workload.interval
            case "timeout": workload.timeout = self.duration(node, path: keyPath) ?? workload.timeout
            case "retention": workload.retention = self.int(node, path: keyPath, range: 10...1_000_000) ?? workload.retention
            case "for": workload.alertFor = self.duration(node, path: keyPath, allowZero: true) ?? workload.alertFor
            case "resolve_after": workload.resolveAfter = self.duration(node, path: keyPath, allowZero: true) ?? workload.resolveAfter
            case "notify": workload.channels = self.channelNames(node, path: keyPath, known: channels.map(\.name))
            default: break
            }
        }
        // A workload that already has a problem would only echo it ("nothing to watch" after a bad URL).
        if self.errors.count == errorsBefore {
            self.checkCompleteness(workload, section: section)
        }
        return workload
    }

    private mutating func kind(_ entries: [Entry], node: Node, name: String, path: String) -> Workload.Kind? {
        guard let kindNode = entries.first(where: { $0.key == "kind" })?.value else {
            self.fail("missing_key", "workload \"\(name)\" has no kind", hint: "add kind: api, worker or job", at: node, path: path)
            return nil
        }
        guard let kindText = self.text(kindNode, path: "\(path).kind") else { return nil }
        guard let kind = Workload.Kind(rawValue: kindText) else {
            let suggestion = DidYouMean.suggestion(for: kindText, among: Workload.Kind.allCases.map(\.rawValue))
            self.fail(
                "bad_kind",
                "unknown kind \"\(kindText)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
                hint: "use api, worker or job",
                at: kindNode,
                path: "\(path).kind"
            )
            return nil
        }
        return kind
    }

    /// Reports keys that belong to other kinds, naming the kinds they belong to.
    private mutating func checkKind(_ entries: [Entry], kind: Workload.Kind, path: String) {
        for (key, keyNode, _) in entries where Self.workloadKeys.contains(key) && !Self.commonKeys.contains(key) {
            guard Self.keysByKind[kind]?.contains(key) != true else { continue }
            let owners = Workload.Kind.allCases.filter { Self.keysByKind[$0]?.contains(key) == true }.map(\.rawValue)
            let applies = owners.count == 1 ? "kind \(owners[0])" : "kinds \(owners.joined(separator: " and "))"
            let hint = key == "heartbeat" && kind == .job ? "a job always reports by pings; remove it" : "remove it, or change kind"
            self.fail("wrong_kind_key", "\(key) applies to \(applies), not \(kind.rawValue)", hint: hint, at: keyNode, path: "\(path).\(key)")
        }
    }

    private mutating func api(_ section: WorkloadSection) -> Workload.API {
        var api = Workload.API()
        api.endpoints.instances = self.instances(section)
        for (key, _, node) in section.entries {
            let keyPath = "\(section.path).\(key)"
            switch key {
            case "live", "ready", "metrics": self.endpoint(key, node, into: &api.endpoints, joined: section.namesInstances, path: keyPath)
            case "routes": api.routes = self.routes(node, path: keyPath)
            case "ignore_routes": api.ignoreRoutes = self.ignoredRoutes(node, path: keyPath)
            case "synthetic": api.synthetic = self.syntheticChecks(node, path: keyPath)
            case "slo": api.slo = self.slo(node, path: keyPath)
            case "startup": api.startup = self.duration(node, path: keyPath) ?? api.startup
            case "no_traffic_after": api.noTrafficAfter = self.duration(node, path: keyPath) ?? api.noTrafficAfter
            case "profile": api.profile = self.profile(node, path: keyPath)
            case _ where Self.thresholdKeys.contains(key): self.threshold(key, node, into: &api.thresholds, path: keyPath)
            default: break
            }
        }
        return api
    }

    private mutating func worker(_ section: WorkloadSection) -> Workload.Worker {
        var worker = Workload.Worker()
        worker.endpoints.instances = self.instances(section)
        for (key, _, node) in section.entries {
            let keyPath = "\(section.path).\(key)"
            switch key {
            case "live", "ready", "metrics": self.endpoint(key, node, into: &worker.endpoints, joined: section.namesInstances, path: keyPath)
            case "progress_within": worker.progressWithin = self.duration(node, path: keyPath)
            case "backlog": worker.backlogMaxAge = self.backlog(node, path: keyPath)
            case "heartbeat": worker.heartbeat = self.bool(node, path: keyPath) ?? false
            case "token", "post_only": self.pingSetting(key, node, into: &worker.pings, path: keyPath)
            case _ where Self.thresholdKeys.contains(key): self.threshold(key, node, into: &worker.thresholds, path: keyPath)
            default: break
            }
        }
        return worker
    }

    /// A job needs a schedule; without a readable one there is nothing to hold it to. Its other keys are
    /// read either way, so every problem is reported at once.
    private mutating func job(_ section: WorkloadSection) -> Workload.Job? {
        var schedule: Schedule?
        if let scheduleNode = section.value("schedule") {
            schedule = self.schedule(scheduleNode, zoneNode: section.value("timezone"), path: section.path)
        } else if let zoneNode = section.value("timezone") {
            self.fail(
                "timezone_without_schedule",
                "timezone is set but there is no schedule",
                hint: "add schedule: \"0 3 * * *\" or remove timezone",
                at: zoneNode,
                path: "\(section.path).timezone"
            )
        } else if self.errors.count == section.errorsBefore {
            // Only when nothing else is wrong: after a misspelt `schedul:` it would only echo that.
            self.fail(
                "missing_key",
                "job \"\(section.name)\" has no schedule",
                hint: "add schedule: \"0 3 * * *\", \"every 1h\" or an OnCalendar expression",
                at: section.node,
                path: section.path
            )
        }
        // Read into a job on any schedule, so the other keys are checked even when the schedule is not.
        var limits = Workload.Job(schedule: schedule ?? .placeholder)
        for (key, _, node) in section.entries {
            let keyPath = "\(section.path).\(key)"
            switch key {
            case "grace": limits.grace = self.duration(node, path: keyPath) ?? limits.grace
            case "max_duration": limits.maxDuration = self.duration(node, path: keyPath)
            case "min_records": limits.minRecords = self.int(node, path: keyPath, range: 0...Int(Int32.max))
            case "token", "post_only": self.pingSetting(key, node, into: &limits.pings, path: keyPath)
            case "metrics": limits.metrics = self.url(node, path: keyPath)
            default: break
            }
        }
        return schedule == nil ? nil : limits
    }

    /// A whole URL for one instance, a path (`/health/ready`) joined to each of several (`joined`).
    private mutating func endpoint(_ key: String, _ node: Node, into endpoints: inout Endpoints, joined: Bool, path: String) {
        let url: String?
        if joined {
            url = self.text(node, path: path)
            if let text = url, !text.hasPrefix("/") || text.contains(where: \.isWhitespace) || text.contains("#") {
                self.fail(
                    "bad_path",
                    "\"\(text)\" is not a path",
                    hint: "with instances or dns, write the path joined to each: /health/ready",
                    at: node,
                    path: path
                )
                return
            }
        } else {
            url = self.url(node, path: path)
        }
        switch key {
        case "live": endpoints.live = url
        case "ready": endpoints.ready = url
        default: endpoints.metrics = url
        }
    }

    private mutating func pingSetting(_ key: String, _ node: Node, into pings: inout PingSettings, path: String) {
        if key == "token" { pings.token = self.token(node, path: path) } else { pings.postOnly = self.bool(node, path: path) ?? false }
    }

    private mutating func checkCompleteness(_ workload: Workload, section: WorkloadSection) {
        // Only when the workload sets them itself: inherited defaults are reported once, under defaults.
        if let timeoutNode = section.value("timeout") ?? section.value("interval"), workload.timeout > workload.interval {
            self.fail(
                "timeout_exceeds_interval",
                "timeout \(DurationText.format(workload.timeout)) is longer than interval \(DurationText.format(workload.interval))",
                hint: "a check must finish before the next one starts; lower timeout or raise interval",
                at: timeoutNode,
                path: "\(section.path).timeout"
            )
        }
        switch workload.details {
        case .api(let api) where !api.watchesAnything:
            self.fail(
                "nothing_to_watch",
                "api \"\(workload.name)\" has nothing to watch",
                hint: "add live, ready, metrics or synthetic",
                at: section.node,
                path: section.path
            )
        case .worker(let worker) where worker.endpoints.metrics == nil && !worker.heartbeat:
            self.fail(
                "nothing_to_watch",
                "worker \"\(workload.name)\" has nothing to watch",
                hint: "add metrics: <url>, or heartbeat: true and ping the watcher",
                at: section.node,
                path: section.path
            )
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
                self.fail(
                    "bad_schedule",
                    error.message,
                    hint: error.hint,
                    at: node,
                    path: "\(path).schedule",
                    columnOffset: error.column - 1 + (quoted ? 1 : 0)
                )
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
            self.fail(
                "weak_secret",
                "token must be at least 16 letters, digits, '-' or '_'",
                hint: "leave it out to have one generated, or use: openssl rand -hex 16",
                at: node,
                path: path
            )
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
                    "unknown_channel",
                    "no channel is named \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
                    hint: known.isEmpty
                        ? "declare it under the top-level notify:" : "channels declared under notify: \(known.joined(separator: ", "))",
                    at: item,
                    path: path
                )
                return nil
            }
            return name
        }
    }
}

/// One workload's mapping while it is read: its path, node and entries.
struct WorkloadSection {
    let path: String
    let node: Node
    let entries: [SpecReader.Entry]
    /// Errors found before this workload, to tell whether it has problems of its own.
    let errorsBefore: Int

    /// The workload's name, the last part of its path.
    var name: String { String(self.path.dropFirst("workloads.".count)) }

    func value(_ key: String) -> Node? { self.entries.first { $0.key == key }?.value }

    /// Whether the workload lists its instances or names them by DNS (even if wrongly written).
    var namesInstances: Bool { self.value("instances") != nil || self.value("dns") != nil }
}

extension SpecReader {
    /// `instances: [10.0.0.7:8080, …]` or `dns: orders-api.internal:8080`, not both.
    fileprivate mutating func instances(_ section: WorkloadSection) -> Instances? {
        let path = section.path
        switch (section.value("instances"), section.value("dns")) {
        case (let listed?, nil):
            guard let items = self.sequence(listed, path: "\(path).instances") else { return nil }
            if items.isEmpty {
                self.fail(
                    "bad_instances",
                    "no instances are listed",
                    hint: "list host:port entries, e.g. [10.0.0.7:8080]",
                    at: listed,
                    path: "\(path).instances"
                )
            }
            let addresses = items.compactMap { self.hostPort($0, path: "\(path).instances") }
            return addresses.count == items.count && !items.isEmpty ? .listed(addresses) : nil
        case (nil, let name?):
            return self.hostPort(name, path: "\(path).dns").map(Instances.dns)
        case (_?, let name?):
            self.fail(
                "instances_and_dns",
                "instances and dns are both set",
                hint: "keep one: a list, or a name to resolve",
                at: name,
                path: "\(path).dns"
            )
            return nil
        case (nil, nil):
            return nil
        }
    }

    fileprivate mutating func hostPort(_ node: Node, path: String) -> ListenAddress? {
        guard let text = self.text(node, path: path) else { return nil }
        guard let address = ListenAddress(parsing: text), address.port > 0 else {
            self.fail(
                "bad_instance",
                "\"\(text)\" is not host:port",
                hint: "write it like 10.0.0.7:8080 or orders-api.internal:8080",
                at: node,
                path: path
            )
            return nil
        }
        return address
    }

    /// `routes: { "POST /orders": { max_p99: 800ms, max_error_ratio: 1%, slo: {…} } }`.
    fileprivate mutating func routes(_ node: Node, path: String) -> [RouteRule] {
        guard let entries = self.mapping(node, path: path) else { return [] }
        return entries.compactMap { key, keyNode, value in
            let keyPath = "\(path).\(key)"
            if let problem = RouteRule.problem(with: key) {
                self.fail(
                    "bad_route",
                    "\"\(key)\" is not a route: \(problem)",
                    hint: "route keys look like \"POST /orders/{id}\" or \"/orders\"",
                    at: keyNode,
                    path: keyPath
                )
                return nil
            }
            let parts = key.split(separator: " ")
            var rule = RouteRule(method: parts.count == 2 ? String(parts[0]) : nil, template: String(parts.last ?? ""))
            guard let settings = self.mapping(value, path: keyPath) else { return nil }
            self.checkKeys(settings, allowed: ["max_p99", "max_error_ratio", "slo"], path: keyPath)
            for (setting, _, node) in settings {
                switch setting {
                case "max_p99": rule.maxP99 = self.duration(node, path: "\(keyPath).max_p99")
                case "max_error_ratio": rule.maxErrorRatio = self.fraction(node, path: "\(keyPath).max_error_ratio")
                case "slo": rule.slo = self.slo(node, path: "\(keyPath).slo")
                default: break
                }
            }
            return rule
        }
    }

    fileprivate mutating func ignoredRoutes(_ node: Node, path: String) -> [String] {
        (self.sequence(node, path: path) ?? []).compactMap { item in
            guard let text = self.text(item, path: path) else { return nil }
            guard text.hasPrefix("/") else {
                self.fail(
                    "bad_route",
                    "\"\(text)\" is not a route",
                    hint: "write a template such as /internal/status, or a prefix such as /debug/*",
                    at: item,
                    path: path
                )
                return nil
            }
            return text
        }
    }
}
