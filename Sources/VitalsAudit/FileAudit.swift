import Foundation

/// What one file shows: its own findings, which project-level needs it satisfies, and the workload
/// signs it carries. Files are audited independently (in parallel) and merged in path order.
struct FileAudit: Sendable {
    var language: Language
    var bytes: Int
    var findings: [Finding]
    /// Ids of `ProjectRules.needs` this file is evidence for.
    var needs: Set<String>
    /// Workload kind to `file:line` of its first sign here.
    var signs: [String: String]
    /// Ports, endpoints and workloads the file declares.
    var declarations: Declarations

    /// The catalog's groups, in this order; `markers` say what kind of file this is.
    private enum Group: Int { case lines, needs, signs, markers, declarations }
    private enum Marker: Int { case parsesArguments, serves, drawsPages, healthcheck }
    static let catalog = Catalog([
        LineRules.all.map(\.matcher), ProjectRules.needs.map(\.evidence), WorkloadSuggester.signs.map(\.evidence),
        [LineRules.parsesArguments, LineRules.serves, LineRules.drawsPages, Self.healthcheck], Declarations.matchers,
    ])
    static let healthcheck = Matcher(languages: [.dockerfile], view: .code, needles: ["healthcheck"], verify: Pattern(#"^\s*HEALTHCHECK\b"#))

    /// `programs`: the files `package.json` files name as command-line programs.
    init(_ source: SourceText, file: String, programs: Set<String> = []) {
        let hits = Self.catalog.scan(source)
        let markers = hits[Group.markers.rawValue]
        func marked(_ marker: Marker) -> Bool { !markers[marker.rawValue].isEmpty }
        let role = FileRole.of(
            file,
            source: source,
            markers: FileRole.Markers(parsesArguments: marked(.parsesArguments), serves: marked(.serves), drawsPages: marked(.drawsPages)),
            programs: programs
        )
        let isTest = role.contains(.test)
        var found = zip(LineRules.all, hits[Group.lines.rawValue]).flatMap { $0.findings(in: source, file: file, role: role, hits: $1) }
        var manifests = Declarations()
        if !isTest {
            let read = ManifestRules.read(source, file: file)
            found += read.findings
            manifests = read.declared
        }
        // CI configuration and browser code say how the service is tested and drawn, not how it runs.
        let declares = !isTest && !role.contains(.browser) && !file.hasPrefix(".github/")
        let declarations =
            declares ? Declarations.found(in: source, hits: hits[Group.declarations.rawValue], manifests: manifests) : Declarations()
        if source.language == .dockerfile, !isTest,
            Self.healthcheck.lines(in: source, hits: markers[Marker.healthcheck.rawValue], first: true).isEmpty
        {
            found.append(
                Finding(
                    id: "docker.no_healthcheck",
                    severity: .warning,
                    file: file,
                    line: 1,
                    message: "the image has no HEALTHCHECK: Docker and plain hosts cannot tell a wedged container",
                    hint:
                        "add HEALTHCHECK CMD curl -fsS http://127.0.0.1:\(declarations.ports.first ?? 8080)/health/live || exit 1 (your health path)"
                )
            )
        }
        self.language = source.language
        self.bytes = source.count
        // Sorted here, in parallel; files come in path order, so the report needs no global sort.
        self.findings = Self.unsuppressed(found, in: source).sorted { ($0.line, $0.id) < ($1.line, $1.id) }
        // Browser code serves nothing and monitors nothing of the service: a word list shipped to
        // browsers that says "jaeger" is not tracing.
        self.needs =
            role.contains(.browser)
            ? []
            : Set(
                zip(ProjectRules.needs, hits[Group.needs.rawValue]).compactMap { need, hits in
                    need.evidence.lines(in: source, hits: hits, first: true).isEmpty ? nil : need.id
                }
            )
        self.signs = isTest ? [:] : WorkloadSuggester.firstSigns(in: source, file: file, hits: hits[Group.signs.rawValue])
        self.declarations = declarations
    }

    /// `vitals:ignore <id>` on the finding's line or the line above silences it. So does, for printing,
    /// the linters' own word that the print is meant (`# noqa: T201`, `// eslint-disable-next-line
    /// no-console`, `/* eslint-disable no-console */` for a file, `//nolint:forbidigo`): the team has
    /// already decided, and the audit should not make them say it twice.
    private static func unsuppressed(_ findings: [Finding], in source: SourceText) -> [Finding] {
        guard !findings.isEmpty else { return findings }
        let ours = source.contains("vitals:ignore")
        let linters = ["noqa", "no-console", "nolint"].contains(where: source.contains)
        guard ours || linters else { return findings }
        let fileAllowsConsole = source.contains("eslint-disable no-console")
        return findings.filter { finding in
            let lines = [finding.line, finding.line - 1].filter { (1...source.lineStarts.count).contains($0) }.map { source.text(of: $0) }
            if ours, lines.contains(where: { Self.ignores($0, finding.id) }) { return false }
            if linters, finding.id == "log.print", fileAllowsConsole || Self.linterAllowsPrinting(lines) { return false }
            return true
        }
    }

    private static func ignores(_ line: String, _ id: String) -> Bool {
        guard let range = line.range(of: "vitals:ignore") else { return false }
        return line[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).contains { $0 == id }
    }

    /// `lines`: the finding's line, then the one above (where next-line directives go).
    private static func linterAllowsPrinting(_ lines: [String]) -> Bool {
        let own = lines.first?.lowercased() ?? ""
        if let noqa = own.range(of: "noqa") {
            let codes = own[noqa.upperBound...].drop { $0 == ":" || $0 == " " }
            if codes.isEmpty || codes.hasPrefix("\n") || codes.hasPrefix("t20") { return true }
        }
        if own.contains("nolint") && (own.contains("nolint:forbidigo") || !own.contains("nolint:")) { return true }
        return lines.contains { $0.contains("no-console") && $0.contains("eslint-disable") }
    }
}

extension Auditor {
    /// The findings of one file's bytes, as the audit makes them (what `vitals audit` reports for a file
    /// at `path` in a project, before project-level findings): for the fuzzer, which feeds it anything.
    package static func findings(in bytes: [UInt8], language: Language, path: String) -> [Finding] {
        FileAudit(SourceText(bytes: bytes, language: language), file: path).findings
    }
}
