import Foundation
import Yams

extension SpecReader {
    mutating func watcher(_ node: Node) -> WatcherSettings {
        var settings = WatcherSettings()
        guard let entries = self.mapping(node, path: "watcher") else { return settings }
        self.checkKeys(
            entries,
            allowed: [
                "listen", "storage", "ping_key", "api_token", "heartbeat", "public_status_page", "ping_rate", "evaluate_every", "external_url",
                "probe_concurrency", "links",
            ],
            path: "watcher"
        )
        for (key, _, value) in entries {
            let path = "watcher.\(key)"
            switch key {
            case "listen":
                guard let text = self.text(value, path: path) else { break }
                if let address = ListenAddress(parsing: text) {
                    settings.listen = address
                } else {
                    self.fail("bad_listen", "\"\(text)\" is not host:port", hint: "write it like 127.0.0.1:9100", at: value, path: path)
                }
            case "storage":
                guard let text = self.text(value, path: path) else { break }
                if text.hasPrefix("sqlite:") || text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
                    settings.storage = Secret(text)
                } else {
                    self.fail(
                        "bad_storage",
                        "storage must start with sqlite: or postgres://",
                        hint: "write sqlite:.vitals/vitals.db or postgres://user@host/db",
                        at: value,
                        path: path
                    )
                }
            case "ping_key", "api_token":
                guard let text = self.text(value, path: path) else { break }
                guard text.count >= 16 else {
                    self.fail(
                        "weak_secret",
                        "\(key) is \(text.count) characters; at least 16 are required",
                        hint: "generate one with: openssl rand -hex 16",
                        at: value,
                        path: path
                    )
                    break
                }
                if key == "ping_key" { settings.pingKey = Secret(text) } else { settings.apiToken = Secret(text) }
            case "heartbeat":
                settings.heartbeat = self.url(value, path: path).map(Secret.init)
            case "ping_rate":
                settings.pingRate = Double(self.int(value, path: path, range: 0...1_000_000) ?? 20)
            case "evaluate_every":
                settings.evaluateEvery = self.duration(value, path: path) ?? settings.evaluateEvery
            case "external_url":
                settings.externalURL = self.url(value, path: path)
            case "links":
                guard let links = self.mapping(value, path: path) else { break }
                self.checkKeys(links, allowed: ["trace", "logs"], path: path)
                for (name, _, template) in links {
                    let link = self.traceLink(template, path: "\(path).\(name)")
                    if name == "trace" { settings.traceLink = link } else if name == "logs" { settings.logsLink = link }
                }
            case "probe_concurrency":
                settings.probeConcurrency = self.int(value, path: path, range: 1...100_000) ?? settings.probeConcurrency
            case "public_status_page":
                settings.publicStatusPage = self.bool(value, path: path) ?? true
            default: break
            }
        }
        return settings
    }

    mutating func defaults(_ node: Node) -> CheckDefaults {
        var defaults = CheckDefaults()
        guard let entries = self.mapping(node, path: "defaults") else { return defaults }
        self.checkKeys(entries, allowed: ["interval", "timeout"], path: "defaults")
        for (key, _, value) in entries {
            if key == "interval", let interval = self.duration(value, path: "defaults.interval") { defaults.interval = interval }
            if key == "timeout", let timeout = self.duration(value, path: "defaults.timeout") { defaults.timeout = timeout }
        }
        if defaults.timeout > defaults.interval, let timeout = entries.first(where: { $0.key == "timeout" }) {
            self.fail(
                "timeout_exceeds_interval",
                "timeout \(DurationText.format(defaults.timeout)) is longer than interval \(DurationText.format(defaults.interval))",
                hint: "a check must finish before the next one starts; lower timeout or raise interval",
                at: timeout.value,
                path: "defaults.timeout"
            )
        }
        return defaults
    }

    mutating func channels(_ node: Node) -> [NotifyChannel] {
        guard let items = self.sequence(node, path: "notify") else { return [] }
        var channels: [NotifyChannel] = []
        var seen = Set<String>()
        for (index, item) in items.enumerated() {
            let path = "notify[\(index)]"
            guard let entries = self.mapping(item, path: path) else { continue }
            let kinds = NotifyChannel.Kind.allCases.map(\.rawValue)
            self.checkKeys(entries, allowed: ["name", "severities"] + kinds, path: path)
            guard let nameEntry = entries.first(where: { $0.key == "name" }), let name = self.text(nameEntry.value, path: "\(path).name") else {
                self.fail("missing_key", "a channel needs a name", hint: "add name: ops", at: item, path: path)
                continue
            }
            if !seen.insert(name).inserted {
                self.fail(
                    "duplicate_name",
                    "channel name \"\(name)\" is used twice",
                    hint: "give each channel its own name",
                    at: nameEntry.value,
                    path: "\(path).name"
                )
            }
            let kindEntries = entries.filter { kinds.contains($0.key) }
            guard kindEntries.count == 1, let kindEntry = kindEntries.first, let kind = NotifyChannel.Kind(rawValue: kindEntry.key) else {
                self.fail(
                    "channel_kind",
                    "channel \"\(name)\" needs exactly one of \(kinds.joined(separator: ", "))",
                    hint: "e.g. webhook: { url: https://… }",
                    at: item,
                    path: path
                )
                continue
            }
            let targetKey = kind == .command ? "run" : "url"
            let kindPath = "\(path).\(kind.rawValue)"
            guard let settings = self.mapping(kindEntry.value, path: kindPath) else { continue }
            self.checkKeys(settings, allowed: [targetKey], path: kindPath)
            guard let targetNode = settings.first(where: { $0.key == targetKey })?.value else {
                self.fail("missing_key", "\(kind.rawValue) needs \(targetKey)", hint: "add \(targetKey): …", at: kindEntry.value, path: kindPath)
                continue
            }
            let target = kind == .command ? self.text(targetNode, path: "\(kindPath).run") : self.url(targetNode, path: "\(kindPath).url")
            var severities: Set<Severity>?
            if let node = entries.first(where: { $0.key == "severities" })?.value, let list = self.sequence(node, path: "\(path).severities") {
                severities = Set(
                    list.compactMap { item -> Severity? in
                        guard let text = self.text(item, path: "\(path).severities") else { return nil }
                        guard let severity = Severity(rawValue: text) else {
                            self.fail(
                                "bad_severity",
                                "unknown severity \"\(text)\"",
                                hint: "use info, warning or critical",
                                at: item,
                                path: "\(path).severities"
                            )
                            return nil
                        }
                        return severity
                    }
                )
            }
            if let target { channels.append(NotifyChannel(name: name, kind: kind, target: Secret(target), severities: severities)) }
        }
        return channels
    }

    /// A link template with `{trace_id}` where the trace id goes, that is an http(s) URL once filled.
    private mutating func traceLink(_ node: Node, path: String) -> String? {
        guard let text = self.text(node, path: path) else { return nil }
        let filled = text.replacingOccurrences(of: WatcherSettings.traceIDPlaceholder, with: String(repeating: "0", count: 32))
        guard text.contains(WatcherSettings.traceIDPlaceholder), let url = URL(string: filled),
            let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil
        else {
            self.fail(
                "bad_link",
                "\"\(text)\" is not an http(s) URL with {trace_id} where the trace id goes",
                hint: "write it like https://tempo.example/trace/{trace_id}",
                at: node,
                path: path
            )
            return nil
        }
        return text
    }
}
