import Foundation
import VitalsSignals

/// What `vitals inspect` says about an exposition: counts, every parse error, naming problems, and for
/// a workload kind which contract signals are there and which diagnoses they enable.
package struct ExpositionReport: Sendable, Encodable {
    package struct NamingProblem: Sendable, Encodable, Hashable {
        package var family: String
        package var problem: String
    }

    package struct SignalCheck: Sendable, Encodable {
        package var family: String
        package var present: Bool
        package var enables: [String]
    }

    package var format: String
    package var families: Int
    package var series: Int
    package var errors: [String]
    package var naming: [NamingProblem]
    package var signals: [SignalCheck]?
    /// Diagnoses the present signals enable, and those that stay `unknown` for lack of a signal.
    package var enabled: [String]?
    package var missing: [String]?
    /// The metric profile an API was read with, and whether it was detected rather than named.
    package var profile: String?
    package var profileDetected: Bool?
    /// What the watcher reads from this exposition alone: requests and 5xx so far (an API), or the
    /// worker's backlog.
    package var reading: [String: Double]?

    /// Units Prometheus names end with (base units, as the naming guide asks).
    static let units = ["seconds", "bytes", "meters", "ratio", "celsius", "volts", "amperes", "joules", "grams", "percent", "hertz", "bits"]
    /// Label names that usually carry one value per user, request or path: unbounded.
    static let unboundedLabels: Set<String> = [
        "id", "user", "user_id", "userid", "uid", "account", "account_id", "customer_id", "session", "session_id", "email", "request_id",
        "trace_id", "span_id", "path", "url", "uri", "raw_path", "ip", "client_ip", "query",
    ]
    /// More distinct values than this for one label of one family looks unbounded.
    static let distinctValuesLimit = 100

    package init(_ exposition: Exposition, kind: Workload.Kind?, profile named: MetricProfile? = nil) {
        self.format = exposition.format.rawValue
        self.families = exposition.familyCount
        self.series = exposition.sampleCount
        self.errors = exposition.errors.map(\.description)
        self.naming = exposition.families.flatMap(Self.naming)
        guard let kind else { return }
        // Counters are `x_total` in the classic format and `x` in OpenMetrics: either counts as present.
        let present = Set(exposition.families.filter { !$0.samples.isEmpty }.flatMap { [$0.name, $0.name + "_total"] })
        var needs = SignalCoverage.needs(kind)
        if kind != .job {
            let profile = named ?? MetricProfile.detect(in: exposition) ?? .vitals
            (self.profile, self.profileDetected) = (profile.name, named == nil)
            needs = SignalCoverage.needs(kind, profile: profile)
            var accumulator = WorkloadSignals()
            // Read twice: the first scrape is a baseline, the second counts everything from zero.
            _ = accumulator.record(ScrapeReading(Exposition(format: exposition.format), profile: profile), at: Date(timeIntervalSince1970: 0))
            _ = accumulator.record(ScrapeReading(exposition, profile: profile), at: Date(timeIntervalSince1970: 1))
            if let point = accumulator.latest {
                self.reading =
                    kind == .api
                    ? ["requests": point.requests, "5xx": point.errors, "latency_observations": point.latency.total]
                    : ["events_read": point.read, "events_handled": point.handled, "events_failed": point.failed, "backlog": point.backlog ?? 0]
            }
        }
        self.signals = needs.map {
            SignalCheck(family: $0.family.name, present: present.contains($0.family.name), enables: $0.enables.map(\.rawValue))
        }
        let enabled = Set(needs.filter { present.contains($0.family.name) }.flatMap(\.enables))
        let all = Set(needs.flatMap(\.enables))
        self.enabled = all.filter(enabled.contains).map(\.rawValue).sorted()
        self.missing = all.subtracting(enabled).map(\.rawValue).sorted()
    }

    static func naming(_ family: MetricFamily) -> [NamingProblem] {
        var problems: [NamingProblem] = []
        let name = family.name
        func add(_ text: String) { problems.append(NamingProblem(family: name, problem: text)) }
        let hasUnit = Self.units.contains { name.hasSuffix("_\($0)") || name.hasSuffix("_\($0)_total") }
        if family.type == .counter, !name.hasSuffix("_total"),
            !family.samples.allSatisfy({ $0.name.hasSuffix("_total") || $0.name.hasSuffix("_created") })
        {
            add("counter without the _total suffix")
        }
        if [.histogram, .summary].contains(family.type), !hasUnit {
            add("no unit suffix (a \(family.type.rawValue) of durations should end in _seconds, of sizes in _bytes)")
        } else if !hasUnit, !name.hasSuffix("_info"), !name.hasSuffix("_timestamp") {
            // Whole words only: "node_timex_…" is not a time, "request_time" and "payload_size" are.
            let words = name.split(separator: "_")
            if words.last == "time" || words.contains(where: { ["duration", "latency", "elapsed", "size"].contains($0) }) {
                add("looks like a measurement but has no unit suffix (_seconds, _bytes, …)")
            }
        }
        var values: [String: Set<String>] = [:]
        for sample in family.samples {
            for label in sample.labels where label.name != "le" && label.name != "quantile" { values[label.name, default: []].insert(label.value) }
        }
        for (label, distinct) in values.sorted(by: { $0.key < $1.key }) {
            if Self.unboundedLabels.contains(label) {
                add("label \(label) often holds one value per user, request or path: check its cardinality")
            } else if distinct.count > Self.distinctValuesLimit {
                add("label \(label) has \(distinct.count) distinct values: looks unbounded")
            }
        }
        return problems
    }

    /// Plain text for people.
    package func text(source: String) -> String {
        var lines = ["\(source): \(self.format) exposition, \(self.families) families, \(self.series) series"]
        if self.errors.isEmpty {
            lines.append("parse: ok")
        } else {
            lines.append("parse: \(self.errors.count) error\(self.errors.count == 1 ? "" : "s")")
            lines += self.errors.map { "  \($0)" }
        }
        if !self.naming.isEmpty {
            lines.append("naming: \(self.naming.count) problem\(self.naming.count == 1 ? "" : "s")")
            lines += self.naming.map { "  \($0.family): \($0.problem)" }
        }
        if let profile = self.profile {
            lines.append("profile: \(profile)\(self.profileDetected == true ? " (detected)" : "")")
        }
        if let reading = self.reading {
            lines.append("reads: " + reading.sorted { $0.key < $1.key }.map { "\($0.key) \(Evidence.count($0.value))" }.joined(separator: ", "))
        }
        if let signals = self.signals, let enabled = self.enabled, let missing = self.missing {
            lines.append("signals:")
            lines += signals.map {
                "  \($0.present ? "present" : "MISSING") \($0.family)" + ($0.enables.isEmpty ? "" : " → \($0.enables.joined(separator: ", "))")
            }
            lines.append("diagnoses enabled: \(enabled.isEmpty ? "none" : enabled.joined(separator: ", "))")
            if !missing.isEmpty { lines.append("diagnoses that would read unknown: \(missing.joined(separator: ", "))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
