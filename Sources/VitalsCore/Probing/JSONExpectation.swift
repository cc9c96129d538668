import Foundation

/// What a value at a JSONPath must be, as written in `expect.json`:
///
/// - a type: `array`, `object`, `string`, `number`, `bool`, `null`, or `exists`;
/// - a comparison: `== ok`, `!= error`, `> 0`, `>= 1`, `< 100`, `<= 5` (numbers compare as numbers);
/// - a length: `length > 0`, `length == 3` (arrays, objects, strings);
/// - anything else: equality with that value (`ok`, `42`, `true`).
public struct JSONExpectation: Sendable, Hashable, CustomStringConvertible {
    /// A JSON type, or `exists` for any value.
    public enum TypeName: String, Sendable, CaseIterable { case array, object, string, number, bool, null, exists }
    /// A comparison.
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case greaterOrEqual = ">="
        case lessOrEqual = "<="
        case greater = ">"
        case less = "<"
    }

    enum Rule: Sendable, Hashable {
        case type(TypeName)
        case compare(Operator, String)
        case length(Operator, Int)
    }

    let rule: Rule
    /// As written.
    public let description: String

    /// Why an expectation cannot be read.
    public struct ParseError: Error, Sendable, Equatable { public let message: String }

    /// Reads `array`, `"> 0"`, `"length >= 1"`, `== "ok"`, ….
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingSpaces
        self.description = trimmed
        if let type = TypeName(rawValue: trimmed) {
            self.rule = .type(type)
        } else if trimmed.hasPrefix("length") {
            let rest = String(trimmed.dropFirst("length".count)).trimmingSpaces
            guard let (op, operand) = Self.split(rest), let count = Int(operand) else {
                throw ParseError(message: "\"\(trimmed)\" needs an operator and a whole number, e.g. length > 0")
            }
            self.rule = .length(op, count)
        } else if let (op, operand) = Self.split(trimmed) {
            if [.greater, .greaterOrEqual, .less, .lessOrEqual].contains(op), Double(operand) == nil {
                throw ParseError(message: "\"\(trimmed)\" compares with \"\(operand)\", which is not a number")
            }
            self.rule = .compare(op, operand)
        } else {
            self.rule = .compare(.equal, trimmed)
        }
    }

    private static func split(_ text: String) -> (Operator, String)? {
        // Longest operators first, so ">=" is not read as ">" followed by "=".
        for op in Operator.allCases where text.hasPrefix(op.rawValue) {
            return (op, String(text.dropFirst(op.rawValue.count)).trimmingSpaces)
        }
        return nil
    }

    /// Nil when `value` (as `JSONSerialization` decodes it; nil when the path is absent) satisfies the
    /// expectation, else what was found instead.
    public func mismatch(_ value: Any?) -> String? {
        switch self.rule {
        case .type(.exists): return value == nil ? "absent" : nil
        case .type(let type): return Self.typeName(value) == type.rawValue ? nil : Self.describe(value)
        case .length(let op, let expected):
            let length: Int? =
                switch value {
                case let array as [Any]: array.count
                case let object as [String: Any]: object.count
                case let string as String: string.count
                default: nil
                }
            guard let length else { return "\(Self.describe(value)), which has no length" }
            return Self.holds(op, Double(length), Double(expected)) ? nil : "length \(length)"
        case .compare(let op, let operand):
            guard let value else { return "absent" }
            if let number = Self.number(value), let expected = Double(operand) {
                return Self.holds(op, number, expected) ? nil : Self.describe(value)
            }
            let text = Self.text(value)
            switch op {
            case .equal: return text == operand ? nil : Self.describe(value)
            case .notEqual: return text != operand ? nil : Self.describe(value)
            default: return "\(Self.describe(value)), not a number"
            }
        }
    }

    private static func holds(_ op: Operator, _ lhs: Double, _ rhs: Double) -> Bool {
        switch op {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        }
    }

    /// JSONSerialization decodes booleans as NSNumber too; tell them apart by their Core Foundation type.
    private static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    private static func number(_ value: Any) -> Double? {
        guard !self.isBool(value), let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    static func typeName(_ value: Any?) -> String {
        switch value {
        case nil: "absent"
        case is NSNull: "null"
        case let value? where self.isBool(value): "bool"
        case is NSNumber: "number"
        case is String: "string"
        case is [Any]: "array"
        case is [String: Any]: "object"
        default: "unknown"
        }
    }

    private static func text(_ value: Any) -> String {
        if self.isBool(value) { return (value as! NSNumber).boolValue ? "true" : "false" }
        if value is NSNull { return "null" }
        if let number = value as? NSNumber { return number.stringValue }
        if let string = value as? String { return string }
        return "\(value)"
    }

    /// A short rendering for evidence: strings quoted and cut, containers by size.
    static func describe(_ value: Any?) -> String {
        switch value {
        case nil: "absent"
        case let array as [Any]: "an array of \(array.count)"
        case let object as [String: Any]: "an object of \(object.count) keys"
        case let string as String: "\"\(string.count > 40 ? String(string.prefix(40)) + "…" : string)\""
        case let value?: self.text(value)
        }
    }
}
