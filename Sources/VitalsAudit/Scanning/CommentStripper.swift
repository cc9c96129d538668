#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blanks comments (the `code` view) and string contents too (the `bare` view) in one pass over a
/// file's bytes. Quotes and comment markers are ASCII, so UTF-8 sequences pass through byte by byte.
/// Understands line and block comments (nested in Swift), `"""` and `'''`, Go raw strings, JavaScript
/// template strings, escapes, and an unterminated one-line string (it ends at its line rather than
/// blanking the rest of the file).
struct CommentStripper {
    let language: Language

    private enum Mode { case code, lineComment, blockComment, string }

    func strip(_ input: [UInt8]) -> (code: [UInt8], bare: [UInt8]) {
        let count = input.count
        // Both views start as the file and only comments and string contents are blanked: most bytes
        // are code and are never written.
        var code = input
        var bare = input
        input.withUnsafeBufferPointer { input in
            code.withUnsafeMutableBufferPointer { code in
                bare.withUnsafeMutableBufferPointer { bare in
                    @inline(__always) func blank(_ index: Int) {
                        if input[index] != 0x0A {
                            code[index] = 0x20
                            bare[index] = 0x20
                        }
                    }
                    @inline(__always) func blankBare(_ index: Int) {
                        if input[index] != 0x0A { bare[index] = 0x20 }
                    }
                    @inline(__always) func next(_ index: Int) -> UInt8 { index + 1 < count ? input[index + 1] : 0 }
                    let hashComments = self.language.hashComments
                    let nests = self.language == .swift
                    let opensSomething = hashComments ? Self.hashOpeners : Self.slashOpeners
                    var mode = Mode.code
                    var depth = 0
                    var quote: UInt8 = 0
                    var quoteLength = 1
                    var raw = false
                    var multiline = false
                    var index = 0
                    while index < count {
                        let byte = input[index]
                        switch mode {
                        case .code:
                            if !opensSomething[Int(byte)] {
                                break
                            } else if hashComments ? byte == UInt8(ascii: "#") : (byte == UInt8(ascii: "/") && next(index) == UInt8(ascii: "/")) {
                                mode = .lineComment
                                blank(index)
                            } else if !hashComments, byte == UInt8(ascii: "/"), next(index) == UInt8(ascii: "*") {
                                mode = .blockComment
                                depth = 1
                                blank(index)
                                blank(index + 1)
                                index += 1
                            } else if let length = self.openingQuote(input, at: index) {
                                mode = .string
                                quote = byte
                                quoteLength = length
                                raw = self.language == .go && byte == UInt8(ascii: "`")
                                multiline = length == 3 || byte == UInt8(ascii: "`")
                                index += length - 1
                            }
                        case .lineComment:
                            // The rest of the line at once: find its end, blank up to it.
                            let end = Self.lineEnd(input, from: index)
                            Self.fill(code, index..<end)
                            Self.fill(bare, index..<end)
                            index = end
                            mode = .code
                        case .blockComment:
                            blank(index)
                            if byte == UInt8(ascii: "*"), next(index) == UInt8(ascii: "/") {
                                index += 1
                                blank(index)
                                depth -= 1
                                if depth == 0 { mode = .code }
                            } else if nests, byte == UInt8(ascii: "/"), next(index) == UInt8(ascii: "*") {
                                index += 1
                                blank(index)
                                depth += 1
                            }
                        case .string:
                            if !raw, byte == UInt8(ascii: "\\") {
                                blankBare(index)
                                if index + 1 < count {
                                    index += 1
                                    blankBare(index)
                                }
                            } else if byte == quote, quoteLength == 1 || (index + 2 < count && input[index + 1] == quote && input[index + 2] == quote)
                            {
                                index += quoteLength - 1
                                mode = .code
                            } else if byte == 0x0A, !multiline {
                                mode = .code
                            } else {
                                blankBare(index)
                            }
                        }
                        index += 1
                    }
                }
            }
        }
        return (code, bare)
    }

    /// Offset of the next newline at or after `start`, or the end (the newline itself stays code).
    private static func lineEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < input.count, let base = input.baseAddress,
            let found = memchr(base + start, 0x0A, input.count - start)
        else { return input.count }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    private static func fill(_ output: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty, let base = output.baseAddress else { return }
        memset(base + range.lowerBound, 0x20, range.count)
    }

    /// Bytes that may start a comment or a string; every other byte in code is left as it is.
    private static let hashOpeners = openers(hashComments: true), slashOpeners = openers(hashComments: false)

    private static func openers(hashComments: Bool) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in hashComments ? "#\"'`" : "/\"'`" { table[Int(byte.asciiValue!)] = true }
        return table
    }

    /// Length of the quote that opens a string at `index`: 3 for `"""` and `'''`, 1 for `"`, `'` or a
    /// backtick, nil when no string starts there.
    private func openingQuote(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = input[index]
        let triple = index + 2 < input.count && input[index + 1] == byte && input[index + 2] == byte
        switch byte {
        case UInt8(ascii: "\""): return triple && (self.language == .swift || self.language == .python) ? 3 : 1
        case UInt8(ascii: "'"):
            // Swift has no single-quoted strings; YAML and Dockerfiles use apostrophes in prose.
            guard self.language == .python || self.language == .javascript || self.language == .go else { return nil }
            return triple && self.language == .python ? 3 : 1
        case UInt8(ascii: "`"): return self.language == .javascript || self.language == .go ? 1 : nil
        default: return nil
        }
    }
}
