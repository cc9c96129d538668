import Foundation

/// Where a rule looks and what it looks for: literals any match contains (found for every rule at once
/// by the catalog's single pass) and, when a literal alone does not decide, a regular expression checked
/// only on the lines around each literal found. Most lines hold no literal, so the expensive engine
/// reads a small part of each file.
struct Matcher: Sendable {
    var languages: Set<Language>
    var view: SourceText.View
    var needles: [Needle]
    /// Decides on the lines around a literal, in the view as written; nil when the literal is the match.
    var verify: Pattern? = nil
    /// How far a match may reach from its literal, so the checked lines hold all of it.
    var linesAfter = 0
    var bytesBefore = 0
    /// Decides on a match the expression cannot judge alone, given its byte range in the file (an empty
    /// range where a literal found alone starts): whether a word sits in code or in a string, what the
    /// file imports. Nil keeps every match.
    var accept: Accept? = nil

    typealias Accept = @Sendable (_ source: SourceText, _ match: Range<Int>) -> Bool

    /// The match's last character is code, not string contents: for a rule that reads a literal (so runs
    /// on the `code` view) but ends on a call, such as a dependency a liveness check touches.
    static let endsInCode: Accept = { source, match in
        let last = match.upperBound - 1
        return source.bytes(.bare).indices.contains(last) && source.bytes(.bare)[last] != 0x20
    }

    /// 1-based lines where a match starts, given the offsets where this matcher's literals were found;
    /// with `first`, at most one.
    func lines(in source: SourceText, hits: [Int], first: Bool = false) -> [Int] {
        guard !hits.isEmpty else { return [] }
        guard let verify else {
            // The literal is the match: `accept` is told where it starts.
            let kept = self.accept.map { accept in hits.filter { accept(source, $0..<$0) } } ?? hits
            return Self.distinct(kept.map(source.line(at:)), first: first)
        }
        var lines: [Int] = []
        let text = source.bytes(self.view)
        for window in self.windows(around: hits, in: source) {
            let chunk = String(decoding: text[window], as: UTF8.self)
            // Matches come in order: count newlines up to each from where the last one was.
            var line = source.line(at: window.lowerBound)
            var counted = 0
            let units = Array(chunk.utf16)
            for match in verify.matches(in: chunk) where self.keeps(match, in: chunk, at: window.lowerBound, of: source) {
                while counted < match.location {
                    if units[counted] == 0x0A { line += 1 }
                    counted += 1
                }
                if lines.last != line { lines.append(line) }
                if first { return lines }
            }
        }
        return lines
    }

    /// Whether a match in `chunk` (which starts at byte `start` of the file) counts.
    func keeps(_ match: NSRange, in chunk: String, at start: Int, of source: SourceText) -> Bool {
        guard let accept = self.accept, match.length > 0 else { return true }
        let utf8 = chunk.utf8
        let lower = utf8.distance(from: chunk.startIndex, to: String.Index(utf16Offset: match.location, in: chunk))
        let upper = utf8.distance(from: chunk.startIndex, to: String.Index(utf16Offset: match.location + match.length, in: chunk))
        return accept(source, start + lower..<start + upper)
    }

    /// Whole lines from `bytesBefore` before each hit to `linesAfter` after it, overlapping ones merged.
    private func windows(around hits: [Int], in source: SourceText) -> [Range<Int>] {
        var windows: [Range<Int>] = []
        for hit in hits {
            let window = source.lines(source.line(at: max(0, hit - self.bytesBefore)), through: source.line(at: hit) + self.linesAfter)
            if let last = windows.last, window.lowerBound <= last.upperBound {
                windows[windows.count - 1] = last.lowerBound..<max(last.upperBound, window.upperBound)
            } else {
                windows.append(window)
            }
        }
        return windows
    }

    private static func distinct(_ lines: [Int], first: Bool) -> [Int] {
        var seen: [Int] = []
        for line in lines where seen.last != line {
            seen.append(line)
            if first { break }
        }
        return seen
    }
}
