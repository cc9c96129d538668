/// One pass over a string's bytes that copies it while replacing credentials.
///
/// Written over bytes rather than with regular expressions because it runs on every log line: it only
/// looks closer at bytes that can start a pattern (`:`, `=`, `b`, `e`) and allocates nothing until it
/// finds something to redact.
struct RedactionScanner {
    let input: UnsafeBufferPointer<UInt8>
    let policy: RedactionPolicy
    /// ``RedactionPolicy/deny`` as bytes, so keys are matched without making strings.
    let denyFragments: [[UInt8]]
    let replacement: [UInt8]
    private var output: [UInt8] = []
    private var copiedUpTo = 0
    private var changed = false

    init(input: UnsafeBufferPointer<UInt8>, policy: RedactionPolicy, denyFragments: [[UInt8]], replacement: [UInt8]) {
        self.input = input
        self.policy = policy
        self.denyFragments = denyFragments
        self.replacement = replacement
    }

    /// The redacted bytes, or `nil` when nothing needed redacting.
    mutating func run() -> [UInt8]? {
        var index = 0
        while index < self.input.count {
            let next: Int?
            switch self.input[index] {
            case UInt8(ascii: ":"): next = self.urlCredentials(at: index) ?? self.secretAssignment(at: index)
            case UInt8(ascii: "="): next = self.secretAssignment(at: index)
            case UInt8(ascii: "b"), UInt8(ascii: "B"): next = self.credentialScheme(at: index)
            case UInt8(ascii: "e"): next = self.jwt(at: index)
            default: next = nil
            }
            index = next ?? index + 1
        }
        guard self.changed else { return nil }
        self.output.append(contentsOf: self.input[self.copiedUpTo...])
        return self.output
    }

    /// Copies what precedes `secret` unchanged, then the replacement in place of `secret`.
    private mutating func replace(_ secret: Range<Int>) -> Int {
        if !self.changed { self.output.reserveCapacity(self.input.count + self.replacement.count) }
        self.output.append(contentsOf: self.input[self.copiedUpTo..<secret.lowerBound])
        self.output.append(contentsOf: self.replacement)
        self.copiedUpTo = secret.upperBound
        self.changed = true
        return secret.upperBound
    }

    /// `://user:password@` → `://<redacted>@`.
    private mutating func urlCredentials(at start: Int) -> Int? {
        guard self.matches("://", at: start) else { return nil }
        var index = start + 3
        while index < self.input.count, !Self.isURLTerminator(self.input[index]) {
            if self.input[index] == UInt8(ascii: "@") {
                guard index > start + 3 else { return nil }
                return self.replace((start + 3)..<index)
            }
            // `/` ends the authority; `[` and `]` cannot appear in userinfo unencoded (RFC 3986), so text
            // such as `postgres://user[:password]@host` is a template in a message, not credentials.
            if self.input[index] == UInt8(ascii: "/") || self.input[index] == UInt8(ascii: "[") || self.input[index] == UInt8(ascii: "]") {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// `Bearer abc.def` or `Basic dXNlcjpw` (any case) → `Bearer <redacted>`.
    private mutating func credentialScheme(at start: Int) -> Int? {
        guard start == 0 || !Self.isBase64URL(self.input[start - 1]) else { return nil }
        let schemeLength: Int
        if self.matchesIgnoringCase("bearer ", at: start) {
            schemeLength = 7
        } else if self.matchesIgnoringCase("basic ", at: start) {
            schemeLength = 6
        } else {
            return nil
        }
        let tokenStart = start + schemeLength
        let tokenEnd = self.endOfValue(from: tokenStart)
        guard tokenEnd - tokenStart >= 8 else { return nil }
        return self.replace(tokenStart..<tokenEnd)
    }

    /// `eyJhbGciOi….eyJzdWIi….signature` → `<redacted>`.
    private mutating func jwt(at start: Int) -> Int? {
        guard start == 0 || !Self.isBase64URL(self.input[start - 1]), self.matches("eyJ", at: start) else { return nil }
        var index = start
        var dots = 0
        while index < self.input.count, Self.isBase64URL(self.input[index]) || self.input[index] == UInt8(ascii: ".") {
            if self.input[index] == UInt8(ascii: ".") { dots += 1 }
            index += 1
        }
        guard dots == 2, index - start >= 20 else { return nil }
        return self.replace(start..<index)
    }

    /// `password=hunter2`, `token: abc` or `"secret": "abc"` in free text → the value is redacted.
    private mutating func secretAssignment(at start: Int) -> Int? {
        var keyEnd = start
        if keyEnd > 0, self.input[keyEnd - 1] == UInt8(ascii: "\"") { keyEnd -= 1 }  // a quoted JSON key
        var keyStart = keyEnd
        while keyStart > 0, Self.isKeyByte(self.input[keyStart - 1]) { keyStart -= 1 }
        guard keyStart < keyEnd, self.keyLooksSecret(keyStart..<keyEnd) else { return nil }
        guard !self.policy.allows(key: String(decoding: self.input[keyStart..<keyEnd], as: UTF8.self)) else { return nil }
        var valueStart = start + 1
        while valueStart < self.input.count, self.input[valueStart] == UInt8(ascii: " ") || self.input[valueStart] == UInt8(ascii: "\"") {
            valueStart += 1
        }
        let valueEnd = self.endOfValue(from: valueStart)
        guard valueEnd > valueStart else { return nil }
        return self.replace(valueStart..<valueEnd)
    }

    private func keyLooksSecret(_ key: Range<Int>) -> Bool {
        Self.containsFragment(of: self.denyFragments, in: self.input[key])
    }

    /// Whether `key` contains one of `fragments`, comparing ASCII-lowercased with `-` and `.` read as `_`.
    static func containsFragment(of fragments: [[UInt8]], in key: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        fragments.contains { fragment in
            guard fragment.count <= key.count else { return false }
            return (key.startIndex...(key.endIndex - fragment.count)).contains { offset in
                fragment.indices.allSatisfy { Self.normalised(key[offset + $0]) == fragment[$0] }
            }
        }
    }

    private func endOfValue(from start: Int) -> Int {
        var index = start
        while index < self.input.count, !Self.isValueTerminator(self.input[index]) { index += 1 }
        return index
    }

    private func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= self.input.count else { return false }
        return literal.withUTF8Buffer { literal in (0..<count).allSatisfy { self.input[index + $0] == literal[$0] } }
    }

    private func matchesIgnoringCase(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= self.input.count else { return false }
        return literal.withUTF8Buffer { literal in (0..<count).allSatisfy { Self.lowercased(self.input[index + $0]) == literal[$0] } }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    static func normalised(_ byte: UInt8) -> UInt8 {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") ? UInt8(ascii: "_") : self.lowercased(byte)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool { isBase64URL(byte) || byte == UInt8(ascii: ".") }

    private static func isURLTerminator(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ">")
    }

    private static func isValueTerminator(_ byte: UInt8) -> Bool {
        isURLTerminator(byte) || byte == UInt8(ascii: "&") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
            || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ")")
    }
}
