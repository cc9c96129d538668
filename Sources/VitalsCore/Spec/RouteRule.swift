/// An API route's own thresholds and SLO (`routes: { "POST /orders": { max_p99: 800ms, slo: … } }`): one
/// latency bound for an endpoint that takes a second and one that takes ten milliseconds is the mistake
/// the signals checklist warns about.
public struct RouteRule: Sendable {
    /// `POST`, `GET`, …; every method when nil.
    public var method: String?
    /// The route template as the service reports it: `/orders/{id}` (or `/orders/:id`, Vapor's spelling).
    public var template: String
    /// Overrides the workload's `max_p99` for this route.
    public var maxP99: Duration?
    /// Overrides the workload's `max_error_ratio` for this route.
    public var maxErrorRatio: Double?
    /// The route's own SLO.
    public var slo: ServiceLevelObjective?

    /// A rule for `template` (and `method`) with nothing overridden yet.
    public init(method: String?, template: String) {
        self.method = method
        self.template = template
    }

    /// `POST /orders` or `/orders`: the key the spec uses and evidence names.
    public var key: String { self.method.map { "\($0) \(self.template)" } ?? self.template }

    /// Whether a series with `method` and `route` labels belongs to this rule.
    public func matches(method: String?, route: String) -> Bool {
        RouteRule.normalise(route) == RouteRule.normalise(self.template) && (self.method == nil || self.method == method)
    }

    /// Vapor's `:id` and `*` read as `{id}` and `{*}`, so one spec key matches every framework's spelling.
    public static func normalise(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            if segment.hasPrefix(":") { return "{\(segment.dropFirst())}" }
            if segment == "*" || segment == "**" { return "{\(segment)}" }
            return String(segment)
        }.joined(separator: "/")
    }

    /// Why `key` is not a route key, or nil when it is one: `[METHOD ]/template`, the template made of
    /// literal segments and `{name}` (or `:name`) placeholders.
    public static func problem(with key: String) -> String? {
        let parts = key.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count <= 2, let template = parts.last else { return "write it as \"METHOD /path/{param}\" or \"/path\"" }
        if parts.count == 2, !["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].contains(String(parts[0])) {
            return "\"\(parts[0])\" is not an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)"
        }
        guard template.hasPrefix("/") else { return "a route template starts with /" }
        for segment in template.split(separator: "/").map(String.init) {
            if segment.hasPrefix("{") || segment.hasSuffix("}") {
                guard segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2,
                    segment.dropFirst().dropLast().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "*" })
                else { return "\"\(segment)\" is not a placeholder; write {name}" }
            } else if segment.contains(where: { $0 == "?" || $0 == "#" || $0.isWhitespace || $0 == "{" || $0 == "}" }) {
                return "\"\(segment)\" is not a path segment of a template (no query, fragment or spaces)"
            }
        }
        return nil
    }

    /// Routes of every profile that are probes and scrapes, not the service's traffic: Vitals', Spring Boot
    /// Actuator's, Kubernetes' conventions.
    public static let probeRoutes: Set<String> = [
        "/health", "/health/live", "/health/ready", "/health/startup", "/healthz", "/livez", "/readyz", "/metrics",
        "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus",
    ]

    /// Prefixes under which every route is a health probe (Spring's health groups, custom checks).
    public static let probePrefixes = ["/health/", "/actuator/health/"]

    /// Whether `route` is a probe or metrics route, or matches one of `ignored` (a template, or a prefix
    /// ending in `*`).
    public static func isIgnored(_ route: String, ignored: [String]) -> Bool {
        let normalised = self.normalise(route)
        if self.probeRoutes.contains(normalised) || self.probePrefixes.contains(where: normalised.hasPrefix) { return true }
        return ignored.contains { pattern in
            pattern.hasSuffix("*") ? normalised.hasPrefix(String(pattern.dropLast())) : self.normalise(pattern) == normalised
        }
    }
}
