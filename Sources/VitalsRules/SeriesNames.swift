import Foundation
import VitalsCore
import VitalsSignals

/// The PromQL series a workload's diagnoses read, named as its metric profile names them, selected by
/// the scrape job the generated scrape config gives it (`job="<workload>"`), and — for requests — without
/// the probe and metrics routes and the spec's `ignore_routes`, as the watcher reads them.
struct SeriesNames {
    let workload: Workload
    let profile: MetricProfile

    /// `{job="orders-api"}`, extended with `extra` matchers.
    func selector(_ extra: String = "") -> String {
        "{job=\"\(self.workload.name)\"\(extra.isEmpty ? "" : ", " + extra)}"
    }

    /// The selector of request series: the job, its traffic only, and `extra`.
    func traffic(_ extra: String = "") -> String {
        self.selector([self.trafficMatcher, extra].filter { !$0.isEmpty }.joined(separator: ", "))
    }

    /// `http_route!~"/health/.*|/metrics|…"`: probes and scrapes are not the service's traffic.
    var trafficMatcher: String {
        guard let label = self.profile.routeLabels.first else { return "" }
        let covered = { (route: String) in RouteRule.probePrefixes.contains(where: route.hasPrefix) }
        let probes =
            RouteRule.probeRoutes.filter { !covered($0) }.sorted().map(PromQL.escape) + RouteRule.probePrefixes.map { PromQL.escape($0) + ".*" }
        let ignored = (self.workload.api?.ignoreRoutes ?? []).map { pattern in
            pattern.hasSuffix("*") ? PromQL.routePattern(String(pattern.dropLast())) + ".*" : PromQL.routePattern(pattern)
        }
        return "\(label)!~\"\((probes + ignored).joined(separator: "|"))\""
    }

    /// `http_route=~"/orders/(\\{id\\}|:id)", http_request_method="POST"`: the series of one `routes:` key.
    func routeMatcher(_ rule: RouteRule) -> String {
        var matchers = ["\(self.profile.routeLabels.first ?? "http_route")=~\"\(PromQL.routePattern(rule.template))\""]
        if let method = rule.method { matchers.append("\(self.profile.methodLabels.first ?? "http_request_method")=\"\(method)\"") }
        return matchers.joined(separator: ", ")
    }

    /// Status codes and classes that count as server errors: `500`, `503`, `5xx`.
    var serverErrorMatcher: String {
        "\(self.profile.statusLabels[0])=~\"5..\""
    }

    /// The request counter series, as the profile names it in the classic format Prometheus scrapes,
    /// or the latency histogram's `_count`.
    var requests: String { self.profile.requestCounter ?? self.profile.latencyHistogram + "_count" }

    var latencyBucket: String { self.profile.latencyHistogram + "_bucket" }

    /// `sum(rate(<metric>{…}[w]))`, `by` some labels, over the routes `route` covers or — when `excluding`
    /// names routes with their own thresholds — over every route but those (what is left when none of them
    /// has traffic: the subtraction is skipped rather than yielding nothing).
    func rate(
        _ metric: String,
        _ window: String,
        by: String = "",
        extra: String = "",
        route: RouteRule? = nil,
        excluding: [RouteRule] = []
    )
        -> String
    {
        let matchers = [extra, route.map(self.routeMatcher) ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
        let grouping = by.isEmpty ? "" : " by (\(by))"
        let all = "sum\(grouping) (rate(\(metric)\(self.traffic(matchers))[\(window)]))"
        guard !excluding.isEmpty else { return all }
        let covered = excluding.map { rule in
            "rate(\(metric)\(self.traffic([matchers, self.routeMatcher(rule)].filter { !$0.isEmpty }.joined(separator: ", ")))[\(window)])"
        }
        let on = by.isEmpty ? "" : " on (\(by))"
        return "((\(all) -\(on) sum\(grouping) (\(covered.joined(separator: " or ")))) or \(all))"
    }

    /// Requests (or server errors) per second.
    func requestRate(_ window: String, errorsOnly: Bool = false, route: RouteRule? = nil, excluding: [RouteRule] = []) -> String {
        self.rate(self.requests, window, extra: errorsOnly ? self.serverErrorMatcher : "", route: route, excluding: excluding)
    }

    /// Requests over `window`, as `increase`: the minimum-traffic guard.
    func requestIncrease(_ window: String, route: RouteRule? = nil) -> String {
        "sum(increase(\(self.requests)\(self.traffic(route.map(self.routeMatcher) ?? ""))[\(window)]))"
    }

    func latencyQuantile(_ q: Double, window: String, route: RouteRule? = nil, excluding: [RouteRule] = []) -> String {
        "histogram_quantile(\(q), \(self.rate(self.latencyBucket, window, by: "le", route: route, excluding: excluding)))"
    }

    /// Requests at or below `bound` seconds per second: the bucket whose `le` is the bound (matched
    /// however the exporter writes it: `0.25`, `0.250`, `1`, `1.0`). The spec's bound must be a bucket bound.
    func fastRate(_ bound: Double, window: String, route: RouteRule? = nil) -> String {
        self.rate(self.latencyBucket, window, extra: "le=~\"\(PromQL.boundPattern(bound))\"", route: route)
    }

    static let startTime = Signal.Process.startTime.name
}
