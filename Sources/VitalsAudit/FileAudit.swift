import Foundation

/// What one file shows: its own findings, which project-level needs it satisfies, and the workload
/// signs it carries. Files are audited independently (in parallel) and merged in path order.
struct FileAudit: Sendable {
    var bytes: Int
    var findings: [Finding]
    /// Ids of `ProjectRules.needs` this file is evidence for.
    var needs: Set<String>
    /// Workload kind to `file:line` of its first sign here.
    var signs: [String: String]

    /// The catalog's groups, in this order; `markers` says what kind of file this is.
    private enum Group: Int { case lines, needs, signs, markers }
    private enum Marker: Int { case commandLine, healthcheck }
    static let catalog = Catalog([
        LineRules.all.map(\.matcher), ProjectRules.needs.map(\.evidence), WorkloadSuggester.signs.map(\.evidence),
        [LineRules.commandLine, Self.healthcheck],
    ])
    static let healthcheck = Matcher(languages: [.dockerfile], view: .code, needles: ["healthcheck"], verify: Pattern(#"^\s*HEALTHCHECK\b"#))

    init(_ source: SourceText, file: String) {
        let hits = Self.catalog.scan(source)
        let markers = hits[Group.markers.rawValue]
        let isTest = LineRules.isTest(file)
        var found = isTest ? [] : zip(LineRules.all, hits[Group.lines.rawValue]).flatMap { $0.findings(in: source, file: file, hits: $1) }
        if LineRules.printsOutput(file) || !markers[Marker.commandLine.rawValue].isEmpty { found.removeAll { $0.id == "log.print" } }
        found += ManifestRules.findings(source, file: file)
        if source.language == .dockerfile, Self.healthcheck.lines(in: source, hits: markers[Marker.healthcheck.rawValue], first: true).isEmpty {
            found.append(
                Finding(
                    id: "docker.no_healthcheck",
                    severity: .warning,
                    file: file,
                    line: 1,
                    message: "the image has no HEALTHCHECK: Docker and plain hosts cannot tell a wedged container",
                    hint: "add HEALTHCHECK CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1"
                )
            )
        }
        self.bytes = source.count
        // Sorted here, in parallel; files come in path order, so the report needs no global sort.
        self.findings = Self.unsuppressed(found, in: source).sorted { ($0.line, $0.id) < ($1.line, $1.id) }
        self.needs = Set(
            zip(ProjectRules.needs, hits[Group.needs.rawValue]).compactMap { need, hits in
                need.evidence.lines(in: source, hits: hits, first: true).isEmpty ? nil : need.id
            }
        )
        self.signs = isTest ? [:] : WorkloadSuggester.firstSigns(in: source, file: file, hits: hits[Group.signs.rawValue])
    }

    /// `vitals:ignore <id>` on the finding's line or the line above silences it.
    private static func unsuppressed(_ findings: [Finding], in source: SourceText) -> [Finding] {
        guard !findings.isEmpty, source.contains("vitals:ignore") else { return findings }
        return findings.filter { finding in
            ![finding.line, finding.line - 1].contains { line in
                guard (1...source.lineStarts.count).contains(line) else { return false }
                let text = source.text(of: line)
                guard let range = text.range(of: "vitals:ignore") else { return false }
                return text[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).contains { $0 == finding.id }
            }
        }
    }
}
