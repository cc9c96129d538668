package import Foundation

/// Reads which checks failed from a health endpoint's JSON body, in the shapes services answer with:
/// Vitals' own (`checks: {name: {status, error}}`), the IETF health-check draft's (`checks: {name:
/// [{status, output}]}`) and Spring Boot Actuator's (`components: {name: {status, details: {error}}}`,
/// nested). So a failing readiness says `database: timed out after 1s`, not only `503`.
package enum HealthBody {
    /// Statuses that mean "this check fails", lowercased, across the three shapes.
    static let failing: Set<String> = ["fail", "failed", "down", "out_of_service", "error", "unhealthy", "critical"]
    /// At most this many checks are named; a body listing hundreds says "and 97 more".
    static let limit = 3

    /// `database: timed out after 1s`, `db: DOWN`; empty when the body is not JSON or names no failing check.
    package static func failingChecks(in body: [UInt8]) -> [String] {
        guard body.first(where: { !$0.isASCIIWhitespace }) == UInt8(ascii: "{"),
            let document = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else { return [] }
        var found: [String] = []
        for key in ["checks", "components"] {
            if let checks = document[key] as? [String: Any] { self.collect(checks, prefix: "", into: &found) }
        }
        return found
    }

    /// `; failing: database: timed out after 1s, cache: DOWN` or nothing.
    package static func summary(of body: [UInt8]) -> String {
        let checks = self.failingChecks(in: body)
        guard !checks.isEmpty else { return "" }
        let shown = checks.prefix(self.limit).joined(separator: ", ")
        return "; failing: \(shown)" + (checks.count > self.limit ? " and \(checks.count - self.limit) more" : "")
    }

    private static func collect(_ checks: [String: Any], prefix: String, into found: inout [String]) {
        for (name, value) in checks.sorted(by: { $0.key < $1.key }) {
            let path = prefix + name
            switch value {
            case let entries as [[String: Any]]:
                // IETF: every observation of the check is an entry.
                for entry in entries where self.fails(entry) { found.append("\(path): \(self.reason(entry))") }
            case let check as [String: Any]:
                // Spring nests components in composites; the leaves are the checks.
                if let nested = check["components"] as? [String: Any] {
                    self.collect(nested, prefix: "\(path).", into: &found)
                } else if self.fails(check) {
                    found.append("\(path): \(self.reason(check))")
                }
            default:
                continue
            }
        }
    }

    private static func fails(_ check: [String: Any]) -> Bool {
        (check["status"] as? String).map { self.failing.contains($0.lowercased()) } ?? false
    }

    /// The error in words, shortened: a stack trace in a health body is not evidence.
    private static func reason(_ check: [String: Any]) -> String {
        let details = check["details"] as? [String: Any]
        let text =
            [check["error"], check["output"], check["message"], details?["error"], details?["message"], check["status"]]
            .lazy.compactMap { $0 as? String }.first { !$0.isEmpty } ?? "failing"
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }
}

extension UInt8 {
    fileprivate var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
