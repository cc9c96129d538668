import Prometheus
import Synchronization
import VitalsSignals

/// A service's own signals — cache hit ratio, records returned, empty responses, feature outcomes — declared
/// once with a help text and label names, recorded with the same label caps as Vitals' own.
///
/// ```swift
/// let lookups = try Vitals.signals.counter("inventory_cache_lookups_total", help: "Cache lookups, by result.", labels: ["result"])
/// lookups.increment("hit")
/// let returned = try Vitals.signals.histogram("search_results", help: "Results returned per search.", buckets: [0, 1, 5, 20, 100])
/// returned.record(12)
/// ```
///
/// A declaration is refused with a ``SignalDeclarationError`` naming the metric and what to change: a name
/// or label that Prometheus would reject, an empty help text, a counter without `_total`, a name of the
/// signals contract, or a name declared before with another type, help or labels (declaring the same
/// signal twice returns the same series).
extension SignalRegistry {
    /// A counter; its name ends in `_total`.
    public func counter(_ name: String, help: String, labels: [String] = []) throws(SignalDeclarationError) -> ServiceCounter {
        ServiceCounter(registry: self, family: try self.declare(Signal.Family(name: name, type: "counter", help: help, labels: labels)))
    }

    /// A gauge: a value that goes up and down, set or adjusted.
    public func gauge(_ name: String, help: String, labels: [String] = []) throws(SignalDeclarationError) -> ServiceGauge {
        ServiceGauge(registry: self, family: try self.declare(Signal.Family(name: name, type: "gauge", help: help, labels: labels)))
    }

    /// A histogram over `buckets` (upper bounds, ascending; `+Inf` is added). Put the unit in the name
    /// (`_seconds`, `_bytes`) as Prometheus does.
    public func histogram(_ name: String, help: String, buckets: [Double], labels: [String] = []) throws(SignalDeclarationError) -> ServiceHistogram {
        guard !buckets.isEmpty, buckets.allSatisfy(\.isFinite), zip(buckets, buckets.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SignalDeclarationError(name: name, problem: "its buckets \(buckets) are not finite upper bounds in ascending order")
        }
        let family = try self.declare(Signal.Family(name: name, type: "histogram", help: help, labels: labels))
        return ServiceHistogram(registry: self, family: family, buckets: buckets)
    }
}

/// A counter declared with ``SignalRegistry/counter(_:help:labels:)``.
public struct ServiceCounter: Sendable {
    let registry: SignalRegistry
    let family: Signal.Family

    /// Adds `amount` (not negative) to the series of `labels`, given in declared order.
    public func increment(by amount: Int64 = 1, _ labels: String...) {
        self.registry.prometheus.counter(self.family.name, labels: self.registry.labels(self.family, labels), help: self.family.help)
            .increment(by: amount)
    }
}

/// A gauge declared with ``SignalRegistry/gauge(_:help:labels:)``.
public struct ServiceGauge: Sendable {
    let registry: SignalRegistry
    let family: Signal.Family

    /// Sets the series of `labels`, given in declared order.
    public func set(_ value: Double, _ labels: String...) { self.series(labels).set(to: value) }

    /// Adds `amount` (negative to subtract) to the series of `labels`.
    public func add(_ amount: Double, _ labels: String...) {
        let series = self.series(labels)
        if amount >= 0 { series.increment(by: amount) } else { series.decrement(by: -amount) }
    }

    private func series(_ labels: [String]) -> Gauge {
        self.registry.prometheus.gauge(self.family.name, labels: self.registry.labels(self.family, labels), help: self.family.help)
    }
}

/// A histogram declared with ``SignalRegistry/histogram(_:help:buckets:labels:)``.
public struct ServiceHistogram: Sendable {
    let registry: SignalRegistry
    let family: Signal.Family
    let buckets: [Double]

    /// Records one observation in the series of `labels`, given in declared order.
    public func record(_ value: Double, _ labels: String...) {
        self.registry.prometheus.valueHistogram(
            self.family.name,
            labels: self.registry.labels(self.family, labels),
            buckets: self.buckets,
            help: self.family.help
        ).record(value)
    }
}

/// Why a signal could not be declared: which metric, what is wrong, and so what to change.
public struct SignalDeclarationError: Error, CustomStringConvertible, Sendable {
    /// The metric name as given.
    public let name: String
    /// What is wrong with it.
    public let problem: String

    /// `metric '<name>': <problem>`.
    public var description: String { "metric '\(self.name)': \(self.problem)" }
}

extension SignalRegistry {
    /// Checks `family` and remembers it; the same declaration again is accepted, a different one refused.
    func declare(_ family: Signal.Family) throws(SignalDeclarationError) -> Signal.Family {
        let name = family.name
        guard Self.isMetricName(name) else {
            throw SignalDeclarationError(name: name, problem: "not a Prometheus metric name; use letters, digits and _, not starting with a digit")
        }
        guard !family.help.allSatisfy(\.isWhitespace) else {
            throw SignalDeclarationError(name: name, problem: "the help text is empty; say what one observation is (promtool requires it)")
        }
        if family.type == "counter", !name.hasSuffix("_total") {
            throw SignalDeclarationError(name: name, problem: "a counter's name ends in _total; call it '\(name)_total'")
        }
        if Signal.contract.contains(where: { $0.name == name }) || name.hasPrefix("vitals_") {
            throw SignalDeclarationError(name: name, problem: "the name belongs to the Vitals signals contract; choose one of your own")
        }
        let labels = family.labels
        for label in labels {
            guard Self.isLabelName(label), !label.hasPrefix("__"), label != "le", label != "quantile" else {
                throw SignalDeclarationError(name: name, problem: "label '\(label)' is not a label name Prometheus accepts here")
            }
        }
        if Set(labels).count != labels.count {
            throw SignalDeclarationError(name: name, problem: "a label is listed twice in \(labels)")
        }
        try self.declared.withLock { (declared) throws(SignalDeclarationError) in
            if let earlier = declared[name], earlier != family {
                throw SignalDeclarationError(
                    name: name,
                    problem: "already declared as a \(earlier.type) with labels \(earlier.labels) and help '\(earlier.help)'"
                )
            }
            declared[name] = family
        }
        return family
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { self.isNameByte($0) || $0 == UInt8(ascii: ":") }
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy(self.isNameByte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
