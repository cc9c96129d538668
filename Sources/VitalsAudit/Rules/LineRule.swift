import Foundation

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
    /// The regex runs only on files containing one of these (case-sensitive): most files cannot match
    /// most rules, and a substring search is far cheaper than a regex.
    var literals: [String] = []

    func findings(in source: SourceText, file: String, compiled: Pattern) -> [Finding] {
        guard self.languages.contains(source.language) else { return [] }
        if let paths, file.range(of: paths, options: .regularExpression) == nil { return [] }
        let text = source.text(self.view)
        if !self.literals.isEmpty, !self.literals.contains(where: { text.contains($0) }) { return [] }
        var lines = Set<Int>()
        return compiled.matches(in: text).compactMap { offset in
            let line = source.line(atUTF16: offset, in: self.view)
            guard lines.insert(line).inserted else { return nil }
            return Finding(id: self.id, severity: self.severity, file: file, line: line, message: self.message, hint: self.hint)
        }
    }
}
