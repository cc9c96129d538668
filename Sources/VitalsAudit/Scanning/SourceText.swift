#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source file as bytes, with two views the rules read: `code`, where comments are blanked (so
/// commented-out calls are not reported) and string literals kept; and `bare`, where string contents are
/// blanked too (so a word inside a string is not taken for code). A blanked byte becomes a space and a
/// newline stays a newline, so every view has the original's length and lines: an offset in any view is
/// a `file:line` in the original.
package struct SourceText: Sendable {
    package let language: Language
    /// The file as read.
    let bytes: [UInt8]
    /// The views by `View.rawValue`.
    private let views: [[UInt8]]
    /// `code` and `bare` in ASCII lower case, for the literal scan (which ignores case).
    private let lowerCode: [UInt8], lowerBare: [UInt8]
    /// Offsets where each line starts: a match's line is a binary search, not a scan from the top.
    let lineStarts: [Int]

    /// The three texts of a file.
    package enum View: Int, Sendable, Hashable, CaseIterable { case original, code, bare }

    package init(_ text: String, language: Language) {
        self.init(bytes: Array(text.utf8), language: language)
    }

    init(bytes: [UInt8], language: Language) {
        self.language = language
        let bytes = Self.validUTF8(bytes)
        self.bytes = bytes
        let (code, bare) = CommentStripper(language: language).strip(bytes)
        self.views = [bytes, code, bare]
        (self.lowerCode, self.lowerBare) = (Self.lowercased(code), Self.lowercased(bare))
        self.lineStarts = Self.lineStarts(bytes)
    }

    /// Size in bytes.
    package var count: Int { self.bytes.count }

    package var original: String { self.text(.original) }
    package var code: String { self.text(.code) }
    package var bare: String { self.text(.bare) }

    package func text(_ view: View) -> String { String(decoding: self.views[view.rawValue], as: UTF8.self) }

    /// The view's bytes as written.
    func bytes(_ view: View) -> [UInt8] { self.views[view.rawValue] }

    /// The view's bytes with ASCII letters in lower case; matchers read `code` or `bare`.
    func lowercased(_ view: View) -> [UInt8] {
        switch view {
        case .code: self.lowerCode
        case .bare: self.lowerBare
        case .original: preconditionFailure("matchers read the code or bare view")
        }
    }

    /// 1-based line of a byte offset.
    package func line(at offset: Int) -> Int {
        var low = 0
        var high = self.lineStarts.count
        while low < high {
            let middle = (low + high) / 2
            if self.lineStarts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Byte range of lines `first...last` (1-based, clamped), newline included.
    func lines(_ first: Int, through last: Int) -> Range<Int> {
        let start = self.lineStarts[max(1, first) - 1]
        let end = last < self.lineStarts.count ? self.lineStarts[last] : self.bytes.count
        return start..<max(start, end)
    }

    /// Line `number` (1-based) as written, newline included.
    func text(of number: Int) -> String {
        String(decoding: self.bytes[self.lines(number, through: number)], as: UTF8.self)
    }

    /// Whether the file contains `needle` anywhere, as written.
    func contains(_ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        // memchr to each place the needle's rarest-looking byte could be (punctuation or a capital
        // rather than a lower-case letter, which code is full of), then compare around it.
        guard let anchor = needle.firstIndex(where: { !($0 &- 0x61 < 26 || $0 == 0x20) }) ?? needle.indices.first else { return true }
        return self.bytes.withUnsafeBytes { text in
            guard let base = text.baseAddress else { return false }
            var from = anchor
            while from < text.count, let found = memchr(base + from, Int32(needle[anchor]), text.count - from) {
                let at = base.distance(to: UnsafeRawPointer(found)) - anchor
                if at + needle.count <= text.count, memcmp(base + at, needle, needle.count) == 0 { return true }
                from = at + anchor + 1
            }
            return false
        }
    }

    /// The bytes with every one that is not part of a well-formed UTF-8 sequence replaced by `?`, one for
    /// one: decoding then loses nothing, so an offset in a `String` of any slice is the same offset in
    /// the bytes (decoding would otherwise widen each bad byte to the three of U+FFFD, and every offset
    /// after it would point elsewhere).
    static func validUTF8(_ bytes: [UInt8]) -> [UInt8] {
        // Nearly every file is valid: the standard library's (vectorised) validation says so at memory speed.
        guard bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil else { return bytes }
        var clean = bytes
        var index = 0
        while index < clean.count {
            let lead = clean[index]
            let length: Int
            switch lead {
            case 0..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            if length == 1 {
                index += 1
                continue
            }
            if length > 1, index + length <= clean.count, Self.continues(clean, at: index, length: length) {
                index += length
            } else {
                clean[index] = UInt8(ascii: "?")
                index += 1
            }
        }
        return clean
    }

    /// Whether the `length - 1` bytes after a lead byte continue it into a valid scalar (no overlong
    /// form, no surrogate, nothing above U+10FFFF).
    private static func continues(_ bytes: [UInt8], at index: Int, length: Int) -> Bool {
        let lead = bytes[index]
        let second = bytes[index + 1]
        let secondRange: ClosedRange<UInt8> =
            switch lead {
            case 0xE0: 0xA0...0xBF
            case 0xED: 0x80...0x9F
            case 0xF0: 0x90...0xBF
            case 0xF4: 0x80...0x8F
            default: 0x80...0xBF
            }
        guard secondRange.contains(second) else { return false }
        return (2..<length).allSatisfy { (0x80...0xBF).contains(bytes[index + $0]) }
    }

    private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBytes { text in
            guard let base = text.baseAddress else { return }
            var from = 0
            while from < text.count, let found = memchr(base + from, 0x0A, text.count - from) {
                from = base.distance(to: UnsafeRawPointer(found)) + 1
                starts.append(from)
            }
        }
        return starts
    }

    private static func lowercased(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { lower, count in
            bytes.withUnsafeBufferPointer { bytes in
                // Branch-free so the loop vectorizes.
                for index in bytes.indices { lower[index] = bytes[index] | (bytes[index] &- 0x41 < 26 ? 0x20 : 0) }
            }
            count = bytes.count
        }
    }
}
