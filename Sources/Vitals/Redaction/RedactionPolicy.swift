/// Which log metadata keys hold secrets, and which lookalikes do not.
///
/// A key is secret when, lowercased with `-` and `.` read as `_`, it contains one of ``deny`` and
/// is not listed in ``allow``. Values under a secret key are replaced whole, nested values included.
/// Independently of keys, every string that reaches output is scanned for credentials in URLs,
/// `Bearer` tokens, JWT-shaped strings and `secret_name=value` pairs.
///
/// ```swift
/// var policy = RedactionPolicy.default
/// policy.allow.insert("token_count")   // a number, not a credential
/// policy.deny.insert("ssn")
/// ```
public struct RedactionPolicy: Sendable, Hashable {
    /// Key fragments that mark a value as secret. Default: authorization, cookie, password, passwd,
    /// secret, token, api_key, apikey, private_key, access_key, credential, signature.
    public var deny: Set<String>
    /// Exact keys (normalised) that stay visible although they contain a ``deny`` fragment.
    public var allow: Set<String>
    /// What replaces a secret. Default `<redacted>`.
    public var replacement: String

    /// A policy hiding keys that contain a `deny` fragment unless listed in `allow`; keys are normalised as described above.
    public init(deny: Set<String>, allow: Set<String> = [], replacement: String = "<redacted>") {
        self.deny = Set(deny.map(Self.normalise))
        self.allow = Set(allow.map(Self.normalise))
        self.replacement = replacement
    }

    /// The default policy; see ``deny`` for the list.
    public static let `default` = RedactionPolicy(deny: [
        "authorization", "cookie", "password", "passwd", "secret", "token", "api_key", "apikey",
        "private_key", "access_key", "credential", "signature",
    ])

    /// Whether values under `key` must be hidden.
    public func isSecret(key: String) -> Bool {
        self.isSecret(key: key, fragments: self.denyFragments)
    }

    /// ``deny`` as bytes, for matching keys without making strings (``Redactor`` keeps its own copy).
    var denyFragments: [[UInt8]] { self.deny.map { Array($0.utf8) } }

    /// The one rule, shared with ``Redactor`` and the text scanner: a deny fragment inside the key
    /// (ASCII case folded, `-` and `.` read as `_`), and the key not on the allow list.
    func isSecret(key: String, fragments: [[UInt8]]) -> Bool {
        var key = key
        let denied = key.withUTF8 { RedactionScanner.containsFragment(of: fragments, in: $0[...]) }
        return denied && !self.allows(key: key)
    }

    /// Whether `key` is on the allow list (cheap when the list is empty, as it usually is).
    func allows(key: String) -> Bool {
        !self.allow.isEmpty && self.allow.contains(Self.normalise(key))
    }

    static func normalise(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" || $0 == "." ? "_" : $0 })
    }
}
