public import Logging

/// Applies a ``RedactionPolicy`` to log messages and metadata before they are written.
public struct Redactor: Sendable {
    /// The policy in force.
    public let policy: RedactionPolicy
    private let replacement: [UInt8]

    public init(policy: RedactionPolicy = .default) {
        self.policy = policy
        self.replacement = Array(policy.replacement.utf8)
    }

    /// Redacts one metadata value found under `key`.
    public func redact(_ value: Logger.MetadataValue, key: String) -> Logger.MetadataValue {
        if self.policy.isSecret(key: key) { return .string(self.policy.replacement) }
        switch value {
        case .string(let string): return .string(self.redact(string))
        case .stringConvertible(let convertible): return .string(self.redact(convertible.description))
        case .array(let values): return .array(values.map { self.redact($0, key: key) })
        case .dictionary(let dictionary):
            return .dictionary(dictionary.reduce(into: [:]) { $0[$1.key] = self.redact($1.value, key: $1.key) })
        }
    }

    /// Redacts credentials found inside free text: `scheme://user:pass@host`, `Bearer <token>`,
    /// JWT-shaped strings and `secret_name=value` pairs.
    public func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        // Fast path: every pattern needs one of these bytes, and most log strings contain none.
        guard bytes.contains(where: { $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ":") })
        else { return text }
        var scanner = RedactionScanner(input: bytes, policy: self.policy, replacement: self.replacement)
        guard let output = scanner.run() else { return text }
        return String(decoding: output, as: UTF8.self)
    }
}
