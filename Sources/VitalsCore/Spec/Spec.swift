import Foundation

/// What "working" means for each workload: the parsed `vitals.yml`.
///
/// ```swift
/// let spec = try SpecLoader.load(path: "vitals.yml", environment: ProcessInfo.processInfo.environment)
/// ```
public struct Spec: Sendable {
    /// How the watcher itself runs.
    public var watcher: WatcherSettings
    /// Check interval and timeout for workloads that set none.
    public var defaults: CheckDefaults
    /// Where notifications go.
    public var notify: [NotifyChannel]
    /// The workloads, in file order.
    public var workloads: [Workload]
}

/// The `watcher:` section.
public struct WatcherSettings: Sendable {
    /// The status page's base URL for links: `external_url`, else `http://<listen>`.
    public var statusURL: String {
        let base = self.externalURL ?? "http://\(self.listen)"
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    /// Where the watcher listens. Default `127.0.0.1:9100`.
    public var listen = ListenAddress(host: "127.0.0.1", port: 9100)
    /// `sqlite:<path>` or `postgres://…`. Default `sqlite:.vitals/vitals.db`.
    public var storage = Secret("sqlite:.vitals/vitals.db")
    /// Enables `/ping/<ping_key>/<workload>` URLs.
    public var pingKey: Secret?
    /// Bearer token required by management endpoints.
    public var apiToken: Secret?
    /// A URL the watcher pings after each healthy evaluation cycle: its own proof of life.
    public var heartbeat: Secret?
    /// Whether the status page is served without the API token. Default true.
    public var publicStatusPage = true
    /// How often diagnoses are evaluated. Default 5 s.
    public var evaluateEvery: Duration = .seconds(5)
    /// The status page's address as people reach it, for links in notifications. Default `http://<listen>`.
    public var externalURL: String?
    /// Pings per second one workload may send before getting 429; 0 for no limit. Default 20.
    public var pingRate: Double = 20
    /// Where evidence links a trace it names (`watcher.links.trace`), `{trace_id}` standing for its id, e.g.
    /// `https://tempo.example/trace/{trace_id}`.
    public var traceLink: String?
    /// Where evidence links the logs of a trace it names (`watcher.links.logs`), e.g.
    /// `https://logs.example/?q=trace_id:{trace_id}`.
    public var logsLink: String?
    /// What a link template's trace id stands as.
    public static let traceIDPlaceholder = "{trace_id}"
    /// Probes and scrapes running at once. Each target that never answers holds one until its timeout, so
    /// this bounds what a blackholed fleet can take from healthy checks. Default 512.
    public var probeConcurrency = 512
}

/// The `defaults:` section.
public struct CheckDefaults: Sendable {
    /// Default 15 s.
    public var interval: Duration = .seconds(15)
    /// Default 5 s.
    public var timeout: Duration = .seconds(5)
}

/// A value that must never be printed: `vitals check` shows it as `<secret>`.
public struct Secret: Sendable, Hashable, CustomStringConvertible {
    /// The value itself, for the code that uses it.
    public let value: String
    /// Wraps a value that must not be printed.
    public init(_ value: String) { self.value = value }
    /// Always `<secret>`.
    public var description: String { "<secret>" }
}

/// How urgent a diagnosis is.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case info, warning, critical

    /// Ordered info, warning, critical.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
    }
}

/// One entry of `notify:`.
public struct NotifyChannel: Sendable {
    /// The kinds of channel.
    public enum Kind: String, Sendable, CaseIterable { case webhook, slack, alertmanager, command }
    /// The name workloads refer to in `notify:`.
    public var name: String
    /// Which kind of receiver.
    public var kind: Kind
    /// The URL (webhook, slack, alertmanager) or command line (command).
    public var target: Secret
    /// Severities delivered; all when nil.
    public var severities: Set<Severity>?
}

/// A host and port to listen on: `127.0.0.1:9100`, `0.0.0.0:9100`, `[::1]:9100`; port 0 takes any free port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name or IP address, without brackets.
    public var host: String
    /// 0 to 65535.
    public var port: Int

    /// An address as given.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `host:port` (IPv6 hosts in brackets); nil when it is not one.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = Substring(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            return nil  // an IPv6 address needs brackets to tell it from the port
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else { return nil }
        self.init(host: String(host), port: port)
    }

    /// `host:port`, the host in brackets when it is an IPv6 address.
    public var description: String { self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)" }

    /// The address to reach it at from this host: a wildcard address is reached over loopback.
    public var reachable: String {
        switch self.host {
        case "0.0.0.0": "127.0.0.1:\(self.port)"
        case "::": "[::1]:\(self.port)"
        default: self.description
        }
    }
}
