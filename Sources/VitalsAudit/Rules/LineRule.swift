/// A finding made wherever a matcher matches in one file.
struct LineRule: Sendable {
    var id: String
    var severity: Finding.Severity
    var matcher: Matcher
    var message: String
    var hint: String
    /// Only files whose path contains this, e.g. production configuration.
    var paths: String? = nil
    /// Files in these roles are not held to the rule (test files never are).
    var exempt: FileRole = .test

    init(
        id: String,
        severity: Finding.Severity,
        languages: Set<Language>,
        view: SourceText.View,
        needles: [Needle],
        pattern: String? = nil,
        linesAfter: Int = 0,
        bytesBefore: Int = 0,
        accept: Matcher.Accept? = nil,
        message: String,
        hint: String,
        paths: String? = nil,
        exempt: FileRole = []
    ) {
        self.id = id
        self.severity = severity
        // Every line rule ignores case, as its needles do.
        self.matcher = Matcher(
            languages: languages,
            view: view,
            needles: needles,
            verify: pattern.map { Pattern($0, caseInsensitive: true) },
            linesAfter: linesAfter,
            bytesBefore: bytesBefore,
            accept: accept
        )
        self.message = message
        self.hint = hint
        self.paths = paths
        self.exempt = exempt.union(.test)
    }

    func findings(in source: SourceText, file: String, role: FileRole, hits: [Int]) -> [Finding] {
        guard self.matcher.languages.contains(source.language), self.exempt.isDisjoint(with: role), self.paths.map(file.contains) ?? true
        else { return [] }
        return self.matcher.lines(in: source, hits: hits).map {
            Finding(id: self.id, severity: self.severity, file: file, line: $0, message: self.message, hint: self.hint)
        }
    }
}
