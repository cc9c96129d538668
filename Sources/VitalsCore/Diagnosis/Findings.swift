/// The diagnoses of one workload as a diagnoser finds them.
struct Findings {
    let workload: String
    private(set) var all: [Diagnosis] = []

    init(workload: String) { self.workload = workload }

    mutating func add(_ id: Diagnosis.ID, _ severity: Severity, _ evidence: String) {
        self.all.append(Diagnosis(id: id, workload: self.workload, severity: severity, evidence: evidence))
    }
}

/// Words for how widespread a problem is across a workload's instances.
enum Spread {
    /// Instances named in one piece of evidence; more are counted.
    static let named = 5

    /// `2 of 3 instances: 10.0.0.7:8080, 10.0.0.9:8080`.
    static func text(_ affected: [String], of total: Int) -> String {
        self.text(affected.sorted().map { ($0, $0) }, of: total)
    }

    /// `; on 1 of 2 instances: 10.0.0.9:8080 42.6% of 54; the other 0.0%`: the instances a problem is on,
    /// then what the `others` instances show together (nothing when there are none or it is unknown).
    static func on(_ affected: [(name: String, shows: String)], of total: Int, others: Int, showing: String?) -> String {
        let rest = others == 0 ? "" : showing.map { "; the other\(others == 1 ? "" : "s") \($0)" } ?? ""
        return "; on \(self.text(affected, of: total))\(rest)"
    }

    /// `1 of 2 instances: 10.0.0.9:8080 42.6% of 54`: each affected instance (sorted by name) with what it
    /// shows, the first ``named`` of them.
    static func text(_ affected: [(name: String, shows: String)], of total: Int) -> String {
        let sorted = affected.sorted { $0.name < $1.name }
        let more = sorted.count > self.named ? " and \(sorted.count - self.named) more" : ""
        let shown = sorted.prefix(self.named).map(\.shows).joined(separator: ", ")
        return "\(sorted.count) of \(total) instance\(total == 1 ? "" : "s"): \(shown)\(more)"
    }
}
