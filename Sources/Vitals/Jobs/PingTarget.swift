/// Where a job's proof of life goes: a watcher's ping URL per job (healthchecks.io-compatible).
///
/// ```swift
/// // https://watcher.example/ping/<ping_key>/<job>
/// let target = PingTarget.slug(base: "https://watcher.example", pingKey: key)
/// ```
public struct PingTarget: Sendable {
    let url: @Sendable (_ job: String) -> String?
    /// Attempts per ping, network errors, 429 and 5xx retried with exponential backoff. Default 3.
    public var attempts: Int = 3
    /// Total time one ping may take, all attempts included. Default 5 s: an unreachable watcher
    /// delays a job by at most this, once at start and once at finish, and never fails it.
    public var timeout: Duration = .seconds(5)

    /// Pings `url(job)`; jobs for which it returns `nil` are not pinged.
    public init(url: @escaping @Sendable (_ job: String) -> String?) { self.url = url }

    /// Slug URLs: `<base>/ping/<pingKey>/<job>`.
    public static func slug(base: String, pingKey: String) -> PingTarget {
        let base = base.hasSuffix("/") ? String(base.dropLast()) : base
        return PingTarget { "\(base)/ping/\(pingKey)/\($0)" }
    }

    /// Reads `VITALS_PING_URL` (a base such as `http://127.0.0.1:9100`) and `VITALS_PING_KEY`; `nil` if either is unset.
    public static func fromEnvironment(_ environment: [String: String]) -> PingTarget? {
        guard let base = environment["VITALS_PING_URL"], let key = environment["VITALS_PING_KEY"] else { return nil }
        return .slug(base: base, pingKey: key)
    }
}
