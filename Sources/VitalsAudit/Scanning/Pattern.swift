import Foundation

/// A compiled regular expression over a file's text. ICU's (`NSRegularExpression`), not Swift's
/// `Regex`: on source files Swift's engine ran at 0.1 MB/s, two orders of magnitude below the target.
struct Pattern: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable and documented thread-safe for matching.
    let expression: NSRegularExpression

    init(_ pattern: String, caseInsensitive: Bool = false) {
        // A pattern that does not compile is a bug in the catalog: fail loudly (tests run every rule).
        self.expression = try! NSRegularExpression(
            pattern: pattern,
            options: caseInsensitive ? [.caseInsensitive, .anchorsMatchLines] : [.anchorsMatchLines]
        )
    }

    /// UTF-16 ranges of every match.
    func matches(in text: String) -> [NSRange] {
        self.expression.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).map(\.range)
    }
}
