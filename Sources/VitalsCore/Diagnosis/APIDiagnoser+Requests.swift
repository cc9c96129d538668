import Foundation
import VitalsBase

extension APIDiagnoser {
    /// Restarts per instance, then errors, latency and traffic over the workload's sum, each with where the
    /// problem is: the instances and the routes that carry it.
    static func requestDiagnoses(
        _ api: Workload.API,
        signals: WorkloadSignals,
        observation: Observation,
        now: Date,
        evidence: Evidence,
        into found: inout Findings
    ) {
        let thresholds = api.thresholds
        self.restarts(signals, observation: observation, evidence: evidence, into: &found)
        guard let (delta, covers) = signals.window(thresholds.window) else { return }
        let span = Evidence.duration(seconds: covers)
        // Each instance's own window, when there are instances to name; one not scraped within the window
        // (down, or its scrapes failing) has nothing current to say.
        let current = (signals.latest?.at ?? .distantPast).addingTimeInterval(-thresholds.window.inSeconds)
        let windows: [(String, SignalPoint)] =
            observation.namesInstances
            ? observation.instances.compactMap { name in
                guard let history = signals.instances[name]?.history, let latest = history.latest, latest.at >= current else { return nil }
                return history.window(thresholds.window).map { (name, $0.delta) }
            } : []

        // The hour before the window, to say what a dependency's latency was before it changed.
        let before = self.before(signals.window(thresholds.window + .seconds(3600)), current: delta, covers: covers)
        let deployed = self.deployContext(signals, observation: observation, now: now)
        // Requests first seen within the window that the service's exemplars point at.
        let since = now.addingTimeInterval(-thresholds.window.inSeconds)
        if let errors = self.errors(api, delta: delta, span: span, instances: windows, observation: observation) {
            let failed = signals.exemplars.slowest(since: since, failed: true).map { "; a failed request: \(observation.describe($0))" } ?? ""
            found.add(.apiErrors, .critical, errors + self.errorCause(delta, maxRatio: thresholds.errorRatio(for: .api)) + failed + deployed)
        }
        if let latency = self.latency(api, delta: delta, span: span, instances: windows, observation: observation) {
            found.add(
                .apiLatency,
                .warning,
                latency + self.latencyCause(delta, spent: delta.requestSeconds, before: before)
                    + (signals.exemplars.slowest(since: since).map { "; slowest: \(observation.describe($0))" } ?? "") + deployed
                    + self.processContext(signals, observation: observation, window: thresholds.window)
            )
        }
        if let regressed = self.regressedAfterDeploy(api, signals: signals, observation: observation, now: now) {
            found.add(.apiRegressedAfterDeploy, .warning, regressed)
        }
        if let dependencies = self.degradedDependencies(api, delta: delta, before: before, span: span) {
            found.add(.apiDependency, .warning, dependencies)
        }
        // Quiet for `no_traffic_after`, with traffic in the hour before it: the watcher's own probes and scrapes
        // do not count (they are left out of the readings), so an API nobody calls any more shows as such.
        let quietWindow = api.noTrafficAfter
        if let quiet = signals.window(quietWindow), quiet.covers >= quietWindow.inSeconds, quiet.delta.requests == 0,
            let before = signals.window(quietWindow + self.trafficBefore), before.delta.requests > 0
        {
            found.add(
                .apiNoTraffic,
                .warning,
                "no requests for \(DurationText.format(quietWindow)) (probes and scrapes not counted); \(Evidence.count(before.delta.requests)) in the \(Evidence.duration(seconds: before.covers - quiet.covers)) before"
            )
        }
    }

    /// Three process start times or more within ``restartWindow``, per instance: a rolling restart starts
    /// every instance once (two start times each) and is not a crash loop.
    private static func restarts(_ signals: WorkloadSignals, observation: Observation, evidence: Evidence, into found: inout Findings) {
        var restarting: [(instance: String, starts: [Double])] = []
        for instance in observation.instances {
            guard let history = signals.instances[instance]?.history else { continue }
            let starts = Set(history.points(within: self.restartWindow).compactMap(\.startTime))
            if starts.count >= 3 { restarting.append((instance, starts.sorted())) }
        }
        guard !restarting.isEmpty else { return }
        let each = restarting.map { instance in
            let times = instance.starts.map { evidence.clock(Date(timeIntervalSince1970: $0)) }.joined(separator: ", ")
            return (
                instance.instance,
                "\(instance.starts.count - 1) restarts in \(DurationText.format(self.restartWindow)) (process start times \(times))"
            )
        }
        // `restarting on 1 of 2 instances: 10.0.0.9:8080 with 3 restarts in 15m (…)`, or just the restarts.
        let text =
            observation.namesInstances
            ? "restarting on \(Spread.text(each.map { ($0.0, "\($0.0) with \($0.1)") }, of: observation.instances.count))"
            : each.map(\.1).joined(separator: "; ")
        found.add(.apiRestarting, .critical, text)
    }

    /// `5xx: 25.0% of 1,200 requests over 5m (threshold 1.0%); on 1 of 2 instances: …; by route: …`, or nil.
    private static func errors(
        _ api: Workload.API,
        delta: SignalPoint,
        span: String,
        instances: [(String, SignalPoint)],
        observation: Observation
    ) -> String? {
        let thresholds = api.thresholds
        let (minEvents, maxRatio) = (Double(thresholds.minEvents), thresholds.errorRatio(for: .api))
        let own = api.routes.filter { $0.maxErrorRatio != nil }
        var breaches: [String] = []
        let rest = RouteSet(delta, excluding: own)
        if rest.requests >= minEvents, rest.errors / rest.requests >= maxRatio {
            let scope = own.isEmpty ? "" : " to routes without their own threshold"
            breaches.append(
                "5xx: \(Evidence.percent(rest.errors / rest.requests)) of \(Evidence.count(rest.requests)) requests\(scope) over \(span) (threshold \(Evidence.percent(maxRatio)))"
            )
        }
        for rule in own {
            let route = RouteSet(delta, matching: rule)
            guard let bound = rule.maxErrorRatio, route.requests >= minEvents, route.errors / route.requests >= bound else { continue }
            breaches.append(
                "`\(rule.key)` 5xx: \(Evidence.percent(route.errors / route.requests)) of \(Evidence.count(route.requests)) requests over \(span) (route threshold \(Evidence.percent(bound)))"
            )
        }
        // Each instance judged on the same traffic as the workload: routes with their own bound left out. An
        // instance is named when it is over the threshold and clearly worse than the others together: with
        // errors everywhere near the threshold, which instance lands above it is chance.
        let judged = instances.map { ($0.0, RouteSet($0.1, excluding: own)) }
        let over = judged.filter { name, set in
            guard set.requests >= minEvents, set.errors / set.requests >= maxRatio else { return false }
            let others = judged.filter { $0.0 != name }.map(\.1)
            return Self.clearlyWorse(
                errors: set.errors,
                of: set.requests,
                than: others.map(\.errors).reduce(0, +),
                of: others.map(\.requests).reduce(0, +)
            )
        }
        guard !breaches.isEmpty || !over.isEmpty else { return nil }
        if breaches.isEmpty {
            breaches.append(
                "5xx: \(Evidence.percent(delta.requests > 0 ? delta.errors / delta.requests : 0)) of \(Evidence.count(delta.requests)) requests over \(span) (threshold \(Evidence.percent(maxRatio))), but not on every instance"
            )
        }
        var text = breaches.joined(separator: "; ")
        if !over.isEmpty {
            let each = over.map { name, point in
                (name, "\(name) \(Evidence.percent(point.errors / point.requests)) of \(Evidence.count(point.requests))")
            }
            let others = judged.filter { instance in !over.contains { $0.0 == instance.0 } }.map(\.1)
            let (requests, errors) = (others.map(\.requests).reduce(0, +), others.map(\.errors).reduce(0, +))
            text += Spread.on(
                each,
                of: observation.instances.count,
                others: others.count,
                showing: Evidence.percent(requests > 0 ? errors / requests : 0)
            )
        }
        if let routes = self.errorRoutes(delta) { text += "; \(routes)" }
        return text
    }

    /// Whether `errors` of `requests` is a higher ratio than `otherErrors` of `otherRequests` beyond chance:
    /// a one-sided two-proportion z-test at z ≥ 3 (about 1 in 700 by chance). True with no others to compare.
    package static func clearlyWorse(errors: Double, of requests: Double, than otherErrors: Double, of otherRequests: Double) -> Bool {
        guard otherRequests > 0 else { return true }
        let pooled = (errors + otherErrors) / (requests + otherRequests)
        let spread = (pooled * (1 - pooled) * (1 / requests + 1 / otherRequests)).squareRoot()
        let difference = errors / requests - otherErrors / otherRequests
        guard spread > 0 else { return difference > 0 }
        return difference / spread >= 3
    }

    /// `by route: `POST /orders` 41.0% 5xx (120 of 293), 93.0% of all errors; other routes 0.20%`.
    static func errorRoutes(_ delta: SignalPoint) -> String? {
        let failing = delta.routes.filter { $0.value.errors > 0 }.sorted { ($0.value.errors, $1.key) > ($1.value.errors, $0.key) }
        guard delta.errors > 0, !failing.isEmpty else { return nil }
        var shown: [String] = []
        var (requests, errors) = (0.0, 0.0)
        for (key, route) in failing.prefix(3) {
            shown.append(
                "`\(key)` \(Evidence.percent(route.errors / max(route.requests, 1))) 5xx (\(Evidence.count(route.errors)) of \(Evidence.count(route.requests))), \(Evidence.percent(route.errors / delta.errors)) of all errors"
            )
            requests += route.requests
            errors += route.errors
            if errors >= 0.8 * delta.errors { break }
        }
        let others = delta.requests - requests
        let rest = others > 0 ? "; other routes \(Evidence.percent(max(0, delta.errors - errors) / others))" : ""
        return "by route: \(shown.joined(separator: ", "))\(rest)"
    }

    /// `p50 …, p99 900ms over 5m (threshold p99 500ms); …`, or nil.
    private static func latency(
        _ api: Workload.API,
        delta: SignalPoint,
        span: String,
        instances: [(String, SignalPoint)],
        observation: Observation
    ) -> String? {
        let thresholds = api.thresholds
        let (minEvents, bound) = (Double(thresholds.minEvents), thresholds.p99(for: .api))
        let own = api.routes.filter { $0.maxP99 != nil }
        var breaches: [String] = []
        let rest = RouteSet(delta, excluding: own).latency
        if rest.total >= minEvents, Self.exceeds(rest, bound) {
            let scope = own.isEmpty ? "" : " of routes without their own threshold"
            breaches.append("\(Self.quantiles(rest))\(scope) over \(span) (threshold p99 \(DurationText.format(bound)))")
        }
        for rule in own {
            let route = RouteSet(delta, matching: rule).latency
            guard let routeBound = rule.maxP99, route.total >= minEvents, Self.exceeds(route, routeBound) else { continue }
            breaches.append("`\(rule.key)` \(Self.quantiles(route)) over \(span) (route threshold p99 \(DurationText.format(routeBound)))")
        }
        let judged = instances.map { ($0.0, RouteSet($0.1, excluding: own).latency) }
        let over = judged.filter { $0.1.total >= minEvents && Self.exceeds($0.1, bound) }
        guard !breaches.isEmpty || !over.isEmpty else { return nil }
        if breaches.isEmpty {
            breaches.append("\(Self.quantiles(delta.latency)) over \(span) (threshold p99 \(DurationText.format(bound))), but not on every instance")
        }
        var text = breaches.joined(separator: "; ")
        if !over.isEmpty {
            let each = over.map { name, latency in
                (name, latency.quantile(0.99).map { "\(name) p99 \(Evidence.duration(seconds: $0.value))" } ?? name)
            }
            let others = judged.filter { instance in !over.contains { $0.0 == instance.0 } }.map(\.1)
            let merged = others.reduce(Histogram()) { $0.adding($1) }
            let showing = merged.quantile(0.99).map { "p99 \(Evidence.duration(seconds: $0.value))" }
            text += Spread.on(each, of: observation.instances.count, others: others.count, showing: showing)
        }
        if let routes = self.slowRoutes(delta, minEvents: minEvents) { text += "; \(routes)" }
        return text
    }

    /// Whether `histogram`'s p99 is over `bound` (at it, when the buckets cap the estimate).
    static func exceeds(_ histogram: Histogram, _ bound: Duration) -> Bool {
        guard let p99 = histogram.quantile(0.99) else { return false }
        return p99.value > bound.inSeconds || p99.limitedByBuckets && p99.value >= bound.inSeconds
    }

    /// `slowest routes: `GET /reports` p99 4.2s (300 requests), …; other routes p99 80ms`.
    static func slowRoutes(_ delta: SignalPoint, minEvents: Double) -> String? {
        let timed = delta.routes.compactMap { key, route -> (RouteKey, Double, Double)? in
            guard route.latency.total >= max(1, minEvents / 4), let p99 = route.latency.quantile(0.99) else { return nil }
            return (key, p99.value, route.latency.total)
        }
        guard timed.count >= 2 else { return nil }
        let slowest = timed.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(3)
        let shown = slowest.map { "`\($0.0)` p99 \(Evidence.duration(seconds: $0.1)) (\(Evidence.count($0.2)) requests)" }
        var others = delta.latency
        for (key, _, _) in slowest { others = others.subtracting(delta.routes[key]?.latency ?? Histogram()) }
        let rest = others.total > 0 ? others.quantile(0.99).map { "; other routes p99 \(Evidence.duration(seconds: $0.value))" } ?? "" : ""
        return "slowest routes: \(shown.joined(separator: ", "))\(rest)"
    }

    /// `; process at 0.95 CPU, 210 MB resident` (per instance with several): context, not a diagnosis.
    private static func processContext(_ signals: WorkloadSignals, observation: Observation, window: Duration) -> String {
        let each = observation.instances.sorted().prefix(Spread.named).compactMap { name -> String? in
            guard let instance = signals.instances[name] else { return nil }
            var parts: [String] = []
            if let (delta, covers) = instance.history.window(window), covers > 0, delta.cpuSeconds > 0 {
                parts.append(String(format: "%.2f CPU", delta.cpuSeconds / covers))
            }
            if let memory = instance.latest?.residentMemory { parts.append("\(Evidence.bytes(memory)) resident") }
            guard !parts.isEmpty else { return nil }
            return (observation.namesInstances ? "\(name) at " : "at ") + parts.joined(separator: ", ")
        }
        return each.isEmpty ? "" : "; process \(each.joined(separator: "; "))"
    }
}

/// The requests, errors and latency of some of a window's routes.
struct RouteSet {
    var requests = 0.0
    var errors = 0.0
    var latency = Histogram()

    /// The routes `rule` covers.
    init(_ delta: SignalPoint, matching rule: RouteRule) {
        for (key, route) in delta.routes where key.matches(rule) {
            self.requests += route.requests
            self.errors += route.errors
            self.latency = self.latency.adding(route.latency)
        }
    }

    /// Every request but those to routes `rules` cover: what the workload's own thresholds judge.
    init(_ delta: SignalPoint, excluding rules: [RouteRule]) {
        (self.requests, self.errors, self.latency) = (delta.requests, delta.errors, delta.latency)
        for (key, route) in delta.routes where rules.contains(where: { key.matches($0) }) {
            self.requests -= route.requests
            self.errors -= route.errors
            self.latency = self.latency.subtracting(route.latency)
        }
    }
}
