/// A literal every match of a rule contains, written in lower case (the search ignores ASCII case), and
/// what may come just before it.
struct Needle: Sendable, ExpressibleByStringLiteral {
    enum Boundary: Sendable {
        /// Anything.
        case none
        /// Not a word character, like a regular expression's `\b` before a word.
        case word
        /// Neither a word character nor `.`: `print(` but not `self.print(` or `reprint(`.
        case identifier
    }

    var text: String
    var boundary: Boundary

    init(_ text: String, boundary: Boundary = .none) {
        precondition(text == text.lowercased(), "needles are lower case: \(text)")
        self.text = text
        self.boundary = boundary
    }

    init(stringLiteral text: String) { self.init(text) }

    static func word(_ texts: String...) -> [Needle] { texts.map { Needle($0, boundary: .word) } }
    static func identifier(_ texts: String...) -> [Needle] { texts.map { Needle($0, boundary: .identifier) } }

    /// `[A-Za-z0-9_]`, and any byte of a multi-byte UTF-8 sequence (letters outside ASCII count as words).
    static func isWord(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == UInt8(ascii: "_") || (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10
    }
}
