import Foundation
import VitalsBase

/// Why an API is slow or failing, read from the calls it makes: `api.dependency` for a dependency that is
/// itself slower or failing more than the API may be, and the cause named in `api.latency` and `api.errors`.
extension APIDiagnoser {
    /// One dependency over a window: its operations summed, and each operation's own.
    struct DependencyUse {
        var name: String
        var system: String
        var total = DependencySignals()
        var operations: [(operation: String, signals: DependencySignals)] = []

        /// The dependency's identity across windows: its name and system.
        var id: String { Self.id(self.name, self.system) }
        static func id(_ name: String, _ system: String) -> String { "\(name)\u{0}\(system)" }

        /// `` `orders-db` (sqlite) ``.
        var label: String { self.system.isEmpty ? "`\(self.name)`" : "`\(self.name)` (\(self.system))" }

        /// The operation that took the most time, when there are several: ``mostly `SELECT` (p99 1.6s)``.
        var slowestOperation: String? {
            guard self.operations.count > 1, let top = self.operations.max(by: { $0.signals.seconds < $1.signals.seconds }),
                !top.operation.isEmpty, let p99 = top.signals.latency.quantile(0.99)
            else { return nil }
            return "mostly `\(top.operation)` (p99 \(Evidence.duration(seconds: p99.value)))"
        }
    }

    /// The calls of the window before the current one, by dependency (``DependencyUse/id``), and how long
    /// that window was (`3m30s`): what "was p99 10s in the 3m30s before" reads.
    struct EarlierCalls {
        var uses: [String: DependencyUse]
        var span: String

        /// The p99 `use` had before, if it was called then.
        func p99(of use: DependencyUse) -> Double? { self.uses[use.id]?.total.latency.quantile(0.99)?.value }
    }

    /// The window's dependencies, the one that took the most time first.
    static func dependencies(_ delta: SignalPoint) -> [DependencyUse] {
        self.dependencies(delta.dependencies)
    }

    static func dependencies(_ calls: [DependencyKey: DependencySignals]) -> [DependencyUse] {
        var byName: [String: DependencyUse] = [:]
        for (key, signals) in calls where signals.calls > 0 {
            let id = DependencyUse.id(key.name, key.system)
            var use = byName[id] ?? DependencyUse(name: key.name, system: key.system)
            use.total.add(signals)
            use.operations.append((key.operation, signals))
            byName[id] = use
        }
        return byName.values.sorted { ($0.total.seconds, $1.name) > ($1.total.seconds, $0.name) }
    }

    /// The calls of the window before the current one (`longer` less `delta`), for "was … before"; nil
    /// when that is less than a minute.
    static func before(_ longer: (delta: SignalPoint, covers: Double)?, current delta: SignalPoint, covers: Double) -> EarlierCalls? {
        guard let longer, longer.covers - covers >= 60 else { return nil }
        let calls = longer.delta.dependencies.reduce(into: [:]) { result, entry in
            result[entry.key] = entry.value.increase(since: delta.dependencies[entry.key])
        }
        let uses = Dictionary(self.dependencies(calls).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return EarlierCalls(uses: uses, span: Evidence.duration(seconds: longer.covers - covers))
    }

    /// `api.dependency`: each dependency called at least `min_events` times in the window whose p99 is over the
    /// API's own p99 threshold or whose failure ratio is over the API's error ratio.
    static func degradedDependencies(
        _ api: Workload.API,
        delta: SignalPoint,
        before: EarlierCalls?,
        span: String
    ) -> String? {
        let thresholds = api.thresholds
        let (minEvents, maxRatio, bound) = (Double(thresholds.minEvents), thresholds.errorRatio(for: .api), thresholds.p99(for: .api))
        var degraded: [String] = []
        for use in self.dependencies(delta) where use.total.calls >= minEvents {
            var parts: [String] = []
            let ratio = use.total.errors / use.total.calls
            if ratio >= maxRatio {
                parts.append(
                    "\(Evidence.percent(ratio)) of \(Evidence.count(use.total.calls)) calls failed over \(span) (the API's threshold \(Evidence.percent(maxRatio)))"
                )
            }
            if self.exceeds(use.total.latency, bound), let p99 = use.total.latency.quantile(0.99) {
                var text =
                    "p99 \(Evidence.duration(seconds: p99.value)) over \(span), \(Evidence.count(use.total.calls)) calls (the API's threshold p99 \(DurationText.format(bound)))"
                if let before, let was = before.p99(of: use) {
                    text += ", was p99 \(Evidence.duration(seconds: was)) in the \(before.span) before"
                }
                if let slowest = use.slowestOperation { text += ", \(slowest)" }
                parts.append(text)
            }
            if !parts.isEmpty { degraded.append("\(use.label): \(parts.joined(separator: "; "))") }
        }
        return degraded.isEmpty ? nil : degraded.prefix(3).joined(separator: "; ")
    }

    /// `; 84% of request time in `orders-db` (sqlite): p99 1.6s over 1,200 calls, was p99 4ms in the 55m before`:
    /// the dependency that took the largest share of `spent` (seconds answering requests, or a worker's
    /// processing), when it is a large one (a third or more). Empty when none explains it.
    static func latencyCause(_ delta: SignalPoint, spent: Double, in what: String = "request time", before: EarlierCalls?) -> String {
        guard spent > 0, let top = self.dependencies(delta).first else { return "" }
        let share = top.total.seconds / spent
        guard share >= 1.0 / 3, let p99 = top.total.latency.quantile(0.99) else { return "" }
        // Calls made outside requests (a readiness check, a background refresh) can add up past the requests' own time.
        var text =
            "; \(Evidence.percent(min(share, 1))) of \(what) in \(top.label): p99 \(Evidence.duration(seconds: p99.value)) over \(Evidence.count(top.total.calls)) calls"
        if let before, let was = before.p99(of: top) {
            text += ", was p99 \(Evidence.duration(seconds: was)) in the \(before.span) before"
        }
        if let slowest = top.slowestOperation { text += ", \(slowest)" }
        return text
    }

    /// `; calls to `payments` (http) failing: 93.0% of 300`: the dependencies failing at least as often as the
    /// API may, most failures first (up to two). Empty when none is.
    static func errorCause(_ delta: SignalPoint, maxRatio: Double) -> String {
        let failing = self.dependencies(delta).filter { $0.total.errors > 0 && $0.total.errors / $0.total.calls >= maxRatio }
            .sorted { ($0.total.errors, $1.name) > ($1.total.errors, $0.name) }
        guard !failing.isEmpty else { return "" }
        let each = failing.prefix(2).map {
            "\($0.label) \(Evidence.percent($0.total.errors / $0.total.calls)) of \(Evidence.count($0.total.calls))"
        }
        return "; calls failing to \(each.joined(separator: ", "))"
    }
}
