import Foundation

/// Whether a log call that names a secret logs one. A secret word counts when it is a value: code
/// (`token`, `req.body`, `{ password }`), an interpolation (`${token}`, `\(token)`, f-string
/// `{token}`), or a key or label whose value follows it (`"token=%s"`, `"password:", pw`,
/// `"token", jwt`). A word of the message's prose is not: `"token exchange failed", err` logs no token.
enum LoggedSecret {
    static let word = Pattern(#"\b("# + LogRules.secrets + #")\b"#, caseInsensitive: true)
    /// After a word in a string: a placeholder its value fills.
    static let placeholder = Pattern(#"^\s*[:=]?\s*(%[-+ #0-9.]*[a-zA-Z]|%\(\w+\)[a-z]|\{[\w.]*\})"#)
    /// After a word that is a whole label in a string: the closing quote and a value that is not an error.
    static let labelled = Pattern(#"^\s*[:=]?\s*["'`]\s*,\s*(?!(err|error|e|ex|exc|exception)\b)[\w.$(\[{]"#)

    static let accept: Matcher.Accept = { source, match in
        // From the call's parenthesis to the end of its line: every secret word in the arguments.
        let bytes = source.bytes
        let match = match.clamped(to: bytes.indices)
        guard let open = bytes[match].firstIndex(of: UInt8(ascii: "(")) else { return true }
        var end = match.upperBound
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        let arguments = String(decoding: bytes[open..<end], as: UTF8.self)
        let utf8 = arguments.utf8
        for range in Self.word.matches(in: arguments) {
            let lower = utf8.distance(from: arguments.startIndex, to: String.Index(utf16Offset: range.location, in: arguments))
            let upper = utf8.distance(from: arguments.startIndex, to: String.Index(utf16Offset: range.location + range.length, in: arguments))
            if Self.isValue(in: source, word: open + lower..<open + upper, lineEnd: end) { return true }
        }
        return false
    }

    private static func isValue(in source: SourceText, word: Range<Int>, lineEnd: Int) -> Bool {
        let bare = source.bytes(.bare)
        // Blanked in the bare view means inside a string literal.
        guard bare[word.lowerBound] == 0x20 else { return true }
        // Back through the string's contents to its quote: an interpolation opened and not closed?
        var index = word.lowerBound - 1
        var onlySpace = true
        while index >= 0, bare[index] == 0x20, source.bytes[index] != 0x0A {
            switch source.bytes[index] {
            case UInt8(ascii: "}"), UInt8(ascii: ")"): return Self.follows(source, word, lineEnd, onlySpace: false)
            case UInt8(ascii: "{"), UInt8(ascii: "("):
                if index > 0, [UInt8(ascii: "$"), UInt8(ascii: "\\")].contains(source.bytes[index - 1]) || source.bytes[index] == UInt8(ascii: "{") {
                    return true
                }
            case UInt8(ascii: " "), UInt8(ascii: "\t"): break
            default: onlySpace = false
            }
            index -= 1
        }
        return Self.follows(source, word, lineEnd, onlySpace: onlySpace)
    }

    /// What follows a word inside a string: a placeholder, or (for a string that is just the word) the
    /// value it labels.
    private static func follows(_ source: SourceText, _ word: Range<Int>, _ lineEnd: Int, onlySpace: Bool) -> Bool {
        let after = String(decoding: source.bytes[word.upperBound..<lineEnd], as: UTF8.self)
        return !Self.placeholder.matches(in: after).isEmpty || (onlySpace && !Self.labelled.matches(in: after).isEmpty)
    }
}
