/// One pass over a string's bytes that copies it while replacing credentials.
///
/// Written over bytes rather than with regular expressions because it runs on every log line.
struct RedactionScanner {
    let input: [UInt8]
    let policy: RedactionPolicy
    let replacement: [UInt8]
    private var output: [UInt8] = []
    private var changed = false

    init(input: [UInt8], policy: RedactionPolicy, replacement: [UInt8]) {
        self.input = input
        self.policy = policy
        self.replacement = replacement
    }

    /// The redacted bytes, or `nil` when nothing needed redacting.
    mutating func run() -> [UInt8]? {
        self.output.reserveCapacity(self.input.count)
        var index = 0
        while index < self.input.count {
            if let next = self.urlCredentials(at: index) ?? self.bearer(at: index) ?? self.jwt(at: index)
                ?? self.secretAssignment(at: index)
            {
                index = next
            } else {
                self.output.append(self.input[index])
                index += 1
            }
        }
        return self.changed ? self.output : nil
    }

    private mutating func emitRedacted(keeping prefix: Range<Int>) {
        self.output.append(contentsOf: self.input[prefix])
        self.output.append(contentsOf: self.replacement)
        self.changed = true
    }

    /// `://user:password@` → `://<redacted>@`.
    private mutating func urlCredentials(at start: Int) -> Int? {
        guard self.matches("://", at: start) else { return nil }
        var index = start + 3
        while index < self.input.count, !Self.isURLTerminator(self.input[index]) {
            if self.input[index] == UInt8(ascii: "@") {
                guard index > start + 3 else { return nil }
                self.emitRedacted(keeping: start..<(start + 3))
                return index
            }
            if self.input[index] == UInt8(ascii: "/") { return nil }
            index += 1
        }
        return nil
    }

    /// `Bearer abc.def` (any case) → `Bearer <redacted>`; also `Basic`.
    private mutating func bearer(at start: Int) -> Int? {
        guard start == 0 || !Self.isTokenByte(self.input[start - 1]) else { return nil }
        for scheme in ["bearer ", "basic "] where self.matchesIgnoringCase(scheme, at: start) {
            let tokenStart = start + scheme.utf8.count
            let tokenEnd = self.endOfToken(from: tokenStart)
            guard tokenEnd - tokenStart >= 8 else { return nil }
            self.emitRedacted(keeping: start..<tokenStart)
            return tokenEnd
        }
        return nil
    }

    /// `eyJhbGciOi….eyJzdWIi….signature` → `<redacted>`.
    private mutating func jwt(at start: Int) -> Int? {
        guard start == 0 || !Self.isTokenByte(self.input[start - 1]), self.matches("eyJ", at: start) else { return nil }
        var index = start
        var dots = 0
        while index < self.input.count, Self.isBase64URL(self.input[index]) || self.input[index] == UInt8(ascii: ".") {
            if self.input[index] == UInt8(ascii: ".") { dots += 1 }
            index += 1
        }
        guard dots == 2, index - start >= 20 else { return nil }
        self.emitRedacted(keeping: start..<start)
        return index
    }

    /// `password=hunter2` or `"token": "abc"` in free text → the value is redacted.
    private mutating func secretAssignment(at start: Int) -> Int? {
        guard self.input[start] == UInt8(ascii: "=") || self.input[start] == UInt8(ascii: ":") else { return nil }
        // A quoted key, as in JSON text: `"password": "…"`.
        var keyEnd = start
        if keyEnd > 0, self.input[keyEnd - 1] == UInt8(ascii: "\"") { keyEnd -= 1 }
        var keyStart = keyEnd
        while keyStart > 0, Self.isKeyByte(self.input[keyStart - 1]) { keyStart -= 1 }
        guard keyStart < keyEnd else { return nil }
        let key = String(decoding: self.input[keyStart..<keyEnd], as: UTF8.self)
        guard self.policy.isSecret(key: key) else { return nil }
        var valueStart = start + 1
        while valueStart < self.input.count, self.input[valueStart] == UInt8(ascii: " ") || self.input[valueStart] == UInt8(ascii: "\"") {
            valueStart += 1
        }
        let valueEnd = self.endOfToken(from: valueStart)
        guard valueEnd > valueStart else { return nil }
        self.emitRedacted(keeping: start..<valueStart)
        return valueEnd
    }

    private func endOfToken(from start: Int) -> Int {
        var index = start
        while index < self.input.count, !Self.isValueTerminator(self.input[index]) { index += 1 }
        return index
    }

    private func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= self.input.count else { return false }
        return literal.withUTF8Buffer { literal in
            (0..<count).allSatisfy { self.input[index + $0] == literal[$0] }
        }
    }

    private func matchesIgnoringCase(_ literal: String, at index: Int) -> Bool {
        let literal = Array(literal.utf8)
        guard index + literal.count <= self.input.count else { return false }
        return (0..<literal.count).allSatisfy { Self.lowercased(self.input[index + $0]) == literal[$0] }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool { isBase64URL(byte) }

    private static func isURLTerminator(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ">")
    }

    private static func isValueTerminator(_ byte: UInt8) -> Bool {
        isURLTerminator(byte) || byte == UInt8(ascii: "&") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
            || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ")")
    }
}
