/// A finding made from a regular expression matched in one view of a file's source.
struct LineRule: Sendable {
    enum View: Sendable { case code, bare }

    var id: String
    var severity: Finding.Severity
    var languages: Set<Language>
    /// Where to match: `bare` for calls and names (strings blanked), `code` when the match reads a literal.
    var view: View
    var pattern: String
    var message: String
    var hint: String
    /// Only files whose path matches this, e.g. production configuration.
    var paths: String?

    func findings(in source: SourceText, file: String) -> [Finding] {
        guard self.languages.contains(source.language) else { return [] }
        if let paths, file.firstMatch(of: try! Regex(paths)) == nil { return [] }
        let text = self.view == .code ? source.code : source.bare
        // A pattern that does not compile is a bug in the catalog: fail loudly (tests run every rule).
        let regex = try! Regex(self.pattern).ignoresCase()
        var lines = Set<Int>()
        return text.matches(of: regex).compactMap { match in
            // A pattern may begin with the character before the call (`(^|[^\w.])print`): count from the first non-newline.
            let start = text[match.range].firstIndex { $0 != "\n" } ?? match.range.lowerBound
            let line = source.line(at: start, in: text)
            guard lines.insert(line).inserted else { return nil }
            return Finding(id: self.id, severity: self.severity, file: file, line: line, message: self.message, hint: self.hint)
        }
    }
}
