import Foundation
import Yams

/// Walks a composed YAML document, converting values and collecting every problem with its position.
///
/// Each accessor returns `nil` after recording an error, so one pass reports all problems at once.
struct SpecReader {
    typealias Entry = (key: String, keyNode: Node, value: Node)

    let file: String
    let environment: [String: String]
    private(set) var errors: [SpecError] = []

    init(file: String, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    mutating func fail(_ code: String, _ message: String, hint: String, at node: Node?, path: String, columnOffset: Int = 0) {
        let mark = node?.mark
        self.errors.append(
            SpecError(
                code: code,
                message: message,
                hint: hint,
                file: self.file,
                line: mark?.line ?? 1,
                column: (mark?.column ?? 1) + columnOffset,
                keyPath: path
            )
        )
    }

    /// The entries of a mapping, keys as text, in file order.
    mutating func mapping(_ node: Node, path: String, expected: String = "a mapping of keys to values") -> [Entry]? {
        guard case .mapping(let mapping) = node else {
            self.fail(
                "wrong_type",
                "expected \(expected), found \(Self.describe(node))",
                hint: "indent the keys below \(path.isEmpty ? "the top" : path)",
                at: node,
                path: path
            )
            return nil
        }
        return mapping.map { ($0.key.string ?? "", $0.key, $0.value) }
    }

    /// The items of a sequence.
    mutating func sequence(_ node: Node, path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            self.fail(
                "wrong_type",
                "expected a list, found \(Self.describe(node))",
                hint: "write one item per line starting with \"- \"",
                at: node,
                path: path
            )
            return nil
        }
        return Array(sequence)
    }

    /// Reports keys outside `allowed`, suggesting the closest known one.
    mutating func checkKeys(_ entries: [Entry], allowed: [String], path: String) {
        for entry in entries where !allowed.contains(entry.key) {
            let suggestion = DidYouMean.suggestion(for: entry.key, among: allowed)
            self.fail(
                "unknown_key",
                "unknown key \"\(entry.key)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
                hint: "known keys here: \(allowed.joined(separator: ", "))",
                at: entry.keyNode,
                path: Self.join(path, entry.key)
            )
        }
    }

    /// A scalar's text with `${VAR}` (and `${VAR:-default}`) substituted. Substitution happens after
    /// parsing, so a variable can only ever become one scalar value, never YAML structure.
    mutating func text(_ node: Node, path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            self.fail(
                "wrong_type",
                "expected a single value, found \(Self.describe(node))",
                hint: "write the value on the same line as its key",
                at: node,
                path: path
            )
            return nil
        }
        var output = ""
        var rest = Substring(scalar.string)
        // Columns point into the value: past the opening quote of a quoted scalar.
        var offset = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
        while let open = rest.range(of: "${") {
            output += rest[..<open.lowerBound]
            offset += rest.distance(from: rest.startIndex, to: open.lowerBound)
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                self.fail("bad_variable", "\"${\" is not closed", hint: "write ${NAME}", at: node, path: path, columnOffset: offset)
                return nil
            }
            let reference = rest[open.upperBound..<close]
            let parts = reference.split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if let value = self.environment[name], !value.isEmpty {
                output += value
            } else if parts.count == 2 {
                output += parts[1]
            } else {
                self.fail(
                    "unset_variable",
                    "environment variable \(name) is not set",
                    hint: "export \(name), or give a default: ${\(name):-value}",
                    at: node,
                    path: path,
                    columnOffset: offset
                )
                return nil
            }
            offset += rest.distance(from: open.lowerBound, to: close) + 1
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    mutating func duration(_ node: Node, path: String, allowZero: Bool = false) -> Duration? {
        guard let text = self.text(node, path: path) else { return nil }
        if DurationText.isTooLong(text) {
            self.fail(
                "bad_duration",
                "\"\(text)\" is longer than the longest duration Vitals accepts, \(DurationText.format(Bounds.longestDuration))",
                hint: "write a shorter one; no check, schedule or hold needs more than 10 years",
                at: node,
                path: path
            )
            return nil
        }
        guard let duration = DurationText.parse(text), duration > .zero || (allowZero && duration == .zero) else {
            self.fail(
                "bad_duration",
                "\"\(text)\" is not a duration",
                hint: "write it like 30s, 5m, 1h30m or 250ms" + (allowZero ? " (0s for none)" : ""),
                at: node,
                path: path
            )
            return nil
        }
        return duration
    }

    mutating func int(_ node: Node, path: String, range: ClosedRange<Int>) -> Int? {
        guard let text = self.text(node, path: path) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(value) else {
            self.fail(
                "bad_number",
                "\"\(text)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)",
                hint: "write a number such as \(range.lowerBound)",
                at: node,
                path: path
            )
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, path: String) -> Bool? {
        guard let text = self.text(node, path: path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            self.fail("bad_bool", "\"\(text)\" is not true or false", hint: "write true or false", at: node, path: path)
            return nil
        }
    }

    /// `99.9%` or `0.999`, as a fraction in (0, 1).
    mutating func fraction(_ node: Node, path: String) -> Double? {
        guard let text = self.text(node, path: path) else { return nil }
        let percent = text.hasSuffix("%")
        guard let number = Double(percent ? String(text.dropLast()) : text) else {
            self.fail("bad_percent", "\"\(text)\" is not a percentage", hint: "write it like 99.9%", at: node, path: path)
            return nil
        }
        // Rounded to 1e-9 so that 99.9% is exactly 0.999, as written, not 0.9990000000000001.
        let value = percent ? (number / 100 * 1e9).rounded() / 1e9 : number
        guard value > 0, value < 1 else {
            self.fail(
                "bad_percent",
                "\(text) is not between 0% and 100% exclusive",
                hint: value >= 1 ? "a 100% target leaves no error budget; use e.g. 99.9%" : "use a target such as 99%",
                at: node,
                path: path
            )
            return nil
        }
        return value
    }

    mutating func url(_ node: Node, path: String) -> String? {
        guard let text = self.text(node, path: path) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            self.fail("bad_url", "\"\(text)\" is not an http(s) URL", hint: "write it like http://127.0.0.1:8080/health/ready", at: node, path: path)
            return nil
        }
        return text
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "the value \"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
