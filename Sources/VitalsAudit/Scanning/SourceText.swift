/// A source file with two views the rules read: `code`, where comments are blanked (so commented-out
/// calls are not reported) and string literals kept; and `bare`, where string contents are blanked too
/// (so a word inside a string is not taken for code). Both keep every newline and column, so a match
/// in either view is a `file:line` in the original.
public struct SourceText: Sendable {
    public let language: Language
    public let original: String
    public let code: String
    public let bare: String

    /// UTF-16 offsets where each line starts, per view (a blanked character outside the BMP is one space,
    /// so the views' offsets differ): a match's line is a binary search, not a scan from the top.
    private let lineStarts: [View: [Int]]

    /// The three texts of a file.
    public enum View: Sendable, Hashable { case original, code, bare }

    public func text(_ view: View) -> String {
        switch view {
        case .original: self.original
        case .code: self.code
        case .bare: self.bare
        }
    }

    public init(_ text: String, language: Language) {
        self.language = language
        self.original = text
        (self.code, self.bare) = Self.strip(Array(text.unicodeScalars), language: language)
        func starts(_ view: String) -> [Int] {
            var starts = [0]
            for (offset, unit) in view.utf16.enumerated() where unit == 0x0A { starts.append(offset + 1) }
            return starts
        }
        self.lineStarts = [.code: starts(self.code), .bare: starts(self.bare), .original: starts(text)]
    }

    /// 1-based line of a UTF-16 offset (as `NSRegularExpression` reports matches) in one of the views.
    public func line(atUTF16 offset: Int, in view: View) -> Int {
        guard let starts = self.lineStarts[view] else { return 1 }
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private enum State { case code, lineComment, blockComment(depth: Int), string(quote: [Unicode.Scalar], raw: Bool) }

    private static func strip(_ scalars: [Unicode.Scalar], language: Language) -> (String, String) {
        var code = String.UnicodeScalarView(), bare = String.UnicodeScalarView()
        var state = State.code
        var index = 0
        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        func emit(_ scalar: Unicode.Scalar, code keepCode: Bool, bare keepBare: Bool) {
            let blank: Unicode.Scalar = scalar == "\n" ? "\n" : " "
            code.append(keepCode ? scalar : blank)
            bare.append(keepBare ? scalar : blank)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch state {
            case .code:
                if language.hashComments ? scalar == "#" : (scalar == "/" && at(1) == "/") {
                    state = .lineComment
                    emit(scalar, code: false, bare: false)
                } else if !language.hashComments, scalar == "/", at(1) == "*" {
                    state = .blockComment(depth: 1)
                    emit(scalar, code: false, bare: false)
                    index += 1
                    emit("*", code: false, bare: false)
                } else if let quote = self.openingQuote(scalars, at: index, language: language) {
                    state = .string(quote: quote, raw: language == .go && quote == ["`"] || language == .javascript && quote == ["`"])
                    for scalar in quote { emit(scalar, code: true, bare: true) }
                    index += quote.count - 1
                } else {
                    emit(scalar, code: true, bare: true)
                }
            case .lineComment:
                if scalar == "\n" { state = .code }
                emit(scalar, code: false, bare: false)
            case .blockComment(let depth):
                if scalar == "*", at(1) == "/" {
                    emit(scalar, code: false, bare: false)
                    index += 1
                    emit("/", code: false, bare: false)
                    state = depth == 1 ? .code : .blockComment(depth: depth - 1)
                } else if language == .swift, scalar == "/", at(1) == "*" {
                    // Swift block comments nest.
                    emit(scalar, code: false, bare: false)
                    index += 1
                    emit("*", code: false, bare: false)
                    state = .blockComment(depth: depth + 1)
                } else {
                    emit(scalar, code: false, bare: false)
                }
            case .string(let quote, let raw):
                if !raw, scalar == "\\" {
                    emit(scalar, code: true, bare: false)
                    if let next = at(1) {
                        index += 1
                        emit(next, code: true, bare: false)
                    }
                } else if Array(scalars[index..<min(scalars.count, index + quote.count)]) == quote {
                    for scalar in quote { emit(scalar, code: true, bare: true) }
                    index += quote.count - 1
                    state = .code
                } else if scalar == "\n", quote.count == 1, !raw {
                    // An unterminated one-line string ends at the line: keep going rather than blank the file.
                    emit(scalar, code: true, bare: true)
                    state = .code
                } else {
                    emit(scalar, code: true, bare: false)
                }
            }
            index += 1
        }
        return (String(code), String(bare))
    }

    /// The quote that opens a string at `index`: `"""`, `'''`, `"`, `'`, or a backtick.
    private static func openingQuote(_ scalars: [Unicode.Scalar], at index: Int, language: Language) -> [Unicode.Scalar]? {
        let scalar = scalars[index]
        let triple = index + 2 < scalars.count && scalars[index + 1] == scalar && scalars[index + 2] == scalar
        switch scalar {
        case "\"": return triple && (language == .swift || language == .python) ? ["\"", "\"", "\""] : ["\""]
        case "'":
            // Swift has no single-quoted strings; YAML and Dockerfiles use apostrophes in prose.
            guard language == .python || language == .javascript || language == .go else { return nil }
            return triple && language == .python ? ["'", "'", "'"] : ["'"]
        case "`": return language == .javascript || language == .go ? ["`"] : nil
        default: return nil
        }
    }
}
