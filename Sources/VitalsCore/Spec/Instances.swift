/// Where an API's or a worker's instances are: listed (`instances: [10.0.0.7:8080, 10.0.0.9:8080]`), or
/// every A/AAAA record of a name (`dns: orders-api.internal:8080`), re-resolved every interval so scaling
/// up and down is followed. Its `live`, `ready` and `metrics` are then paths joined to every instance.
public struct Instances: Sendable, Hashable, CustomStringConvertible {
    private enum Source: Sendable, Hashable {
        case listed([ListenAddress])
        case dns(ListenAddress)
    }

    private let source: Source

    /// The instances named in the spec.
    public static func listed(_ addresses: [ListenAddress]) -> Instances { Instances(source: .listed(addresses)) }

    /// The instances a DNS name resolves to, on `port`.
    public static func dns(_ name: ListenAddress) -> Instances { Instances(source: .dns(name)) }

    /// The listed instances; nil when they come from DNS.
    public var listed: [ListenAddress]? {
        if case .listed(let addresses) = self.source { addresses } else { nil }
    }

    /// The name to resolve and the port to use; nil when the instances are listed.
    public var dns: ListenAddress? {
        if case .dns(let name) = self.source { name } else { nil }
    }

    /// `[10.0.0.7:8080, 10.0.0.9:8080]` or `dns orders-api.internal:8080`.
    public var description: String {
        switch self.source {
        case .listed(let addresses): "[\(addresses.map(\.description).joined(separator: ", "))]"
        case .dns(let name): "dns \(name)"
        }
    }
}

extension Endpoints {
    /// The URL of `path` on `instance` (`host:port`), or `path` itself when it is a whole URL.
    public static func url(_ path: String, on instance: String) -> String {
        path.hasPrefix("/") ? "http://\(instance)\(path)" : path
    }
}
