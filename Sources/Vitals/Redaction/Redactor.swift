public import Logging

/// Applies a ``RedactionPolicy`` to log messages and metadata before they are written.
public struct Redactor: Sendable {
    /// The policy in force.
    public let policy: RedactionPolicy
    private let replacement: [UInt8]
    private let denyFragments: [[UInt8]]

    /// A redactor for `policy`, with its key fragments prepared for byte-level matching.
    public init(policy: RedactionPolicy = .default) {
        self.policy = policy
        self.replacement = Array(policy.replacement.utf8)
        self.denyFragments = policy.denyFragments
    }

    /// Redacts one metadata value found under `key`.
    public func redact(_ value: Logger.MetadataValue, key: String) -> Logger.MetadataValue {
        if self.isSecret(key: key) { return .string(self.policy.replacement) }
        switch value {
        case .string(let string): return .string(self.redact(string))
        case .stringConvertible(let convertible):
            // A number or a boolean carries no secret; anything else is redacted as its text.
            if convertible is Int || convertible is Double || convertible is Bool { return value }
            return .string(self.redact(convertible.description))
        case .array(let values): return .array(values.map { self.redact($0, key: key) })
        case .dictionary(let dictionary):
            return .dictionary(dictionary.reduce(into: [:]) { $0[$1.key] = self.redact($1.value, key: $1.key) })
        }
    }

    /// Whether values under `key` must be hidden: ``RedactionPolicy/isSecret(key:)`` with the fragments
    /// prepared once, since this runs for every metadata key of every line.
    public func isSecret(key: String) -> Bool {
        self.policy.isSecret(key: key, fragments: self.denyFragments)
    }

    /// Redacts credentials found inside free text: `scheme://user:pass@host`, `Bearer <token>`,
    /// JWT-shaped strings and `secret_name=value` pairs.
    public func redact(_ text: String) -> String {
        var text = text
        let redacted: [UInt8]? = text.withUTF8 { utf8 in
            var scanner = RedactionScanner(
                input: utf8,
                policy: self.policy,
                denyFragments: self.denyFragments,
                replacement: self.replacement
            )
            return scanner.run()
        }
        return redacted.map { String(decoding: $0, as: UTF8.self) } ?? text
    }
}
