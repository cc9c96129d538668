/// A finding made from a regular expression matched in one view of a file's source.
struct LineRule: Sendable {
    var id: String
    var severity: Finding.Severity
    var languages: Set<Language>
    /// Where to match: `bare` for calls and names (strings blanked), `code` when the match reads a literal.
    var view: SourceText.View
    var pattern: String
    var message: String
    var hint: String
    /// Only files whose path matches this, e.g. production configuration.
    var paths: String? = nil
    /// The regex runs only on files containing one of these (case-sensitive): Swift's Regex is slow,
    /// and most files cannot match most rules.
    var literals: [String] = []

    func findings(in source: SourceText, file: String) -> [Finding] {
        guard self.languages.contains(source.language) else { return [] }
        if let paths, file.firstMatch(of: try! Regex(paths)) == nil { return [] }
        let text = source.text(self.view)
        if !self.literals.isEmpty, !self.literals.contains(where: { text.contains($0) }) { return [] }
        // A pattern that does not compile is a bug in the catalog: fail loudly (tests run every rule).
        let regex = try! Regex(self.pattern).ignoresCase()
        var lines = Set<Int>()
        return text.matches(of: regex).compactMap { match in
            // A pattern may begin with the character before the call (`(^|[^\w.])print`): count from the first non-newline.
            let start = text[match.range].firstIndex { $0 != "\n" } ?? match.range.lowerBound
            let line = source.line(at: start, in: self.view)
            guard lines.insert(line).inserted else { return nil }
            return Finding(id: self.id, severity: self.severity, file: file, line: line, message: self.message, hint: self.hint)
        }
    }
}
