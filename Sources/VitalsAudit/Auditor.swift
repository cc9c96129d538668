public import Foundation

/// Reads a repository and reports where its services fly blind: `vitals audit`.
public struct Auditor: Sendable {
    /// Directories never read: dependencies, build output, version control.
    public static let skipped: Set<String> = [".git", ".build", "node_modules", "vendor", ".venv", "venv", "__pycache__", "dist", ".swiftpm", "Pods"]
    /// Larger files are generated or data, not code.
    public static let sizeLimit = 2 << 20

    static let healthcheck = Pattern(#"^\s*HEALTHCHECK\b"#)

    public let root: URL
    /// Findings already known (from an earlier `--format json` report): reported no more.
    public var baseline: Set<Finding.Key> = []

    public init(root: URL) { self.root = root }

    /// Scans every readable file under `root`; `progress` is told the files and bytes read so far.
    public func run(progress: (_ files: Int, _ bytes: Int) -> Void = { _, _ in }) throws -> AuditReport {
        var report = AuditReport()
        var present = Set<String>()
        var suggestions = WorkloadSuggester()
        for path in try self.files() {
            let relative = String(path.dropFirst(self.root.path.count + 1))
            guard let language = Language.of(path: relative), let data = FileManager.default.contents(atPath: path), data.count <= Self.sizeLimit else { continue }
            let source = SourceText(String(decoding: data, as: UTF8.self), language: language)
            report.summary.files += 1
            report.summary.bytes += data.count
            progress(report.summary.files, report.summary.bytes)
            var found = zip(LineRules.all, LineRules.compiled).flatMap { $0.findings(in: source, file: relative, compiled: $1) } + ManifestRules.findings(source, file: relative)
            if LineRules.isTest(relative) { found.removeAll { $0.id == "log.print" || $0.id == "log.secret" } }
            if language == .dockerfile, Self.healthcheck.firstMatch(in: source.code) == nil {
                found.append(Finding(id: "docker.no_healthcheck", severity: .warning, file: relative, line: 1,
                                     message: "the image has no HEALTHCHECK: Docker and plain hosts cannot tell a wedged container",
                                     hint: "add HEALTHCHECK CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1"))
            }
            report.findings += self.unsuppressed(found, in: source)
            for need in ProjectRules.needs where !present.contains(need.id) && need.evidence.firstMatch(in: source.code) != nil { present.insert(need.id) }
            suggestions.read(source, file: relative)
        }
        if report.summary.files > 0 {
            for need in ProjectRules.needs where !present.contains(need.id) {
                report.findings.append(Finding(id: need.id, severity: need.severity, file: ".", line: 0, message: need.message, hint: need.hint))
            }
        }
        report.findings.removeAll { self.baseline.contains($0.key) }
        report.findings.sort { ($0.file, $0.line, $0.id) < ($1.file, $1.line, $1.id) }
        report.summary.count(report.findings)
        report.workloads = suggestions.workloads(project: self.root.lastPathComponent)
        return report
    }

    /// `vitals:ignore <id>` on the finding's line or the line above silences it.
    private func unsuppressed(_ findings: [Finding], in source: SourceText) -> [Finding] {
        guard source.original.contains("vitals:ignore") else { return findings }
        let lines = source.original.split(separator: "\n", omittingEmptySubsequences: false)
        return findings.filter { finding in
            ![finding.line - 1, finding.line - 2].contains { index in
                guard lines.indices.contains(index), let range = lines[index].range(of: "vitals:ignore") else { return false }
                return lines[index][range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," }).contains { $0 == finding.id }
            }
        }
    }

    /// Every file under `root`, sorted, outside skipped directories.
    func files() throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: self.root, includingPropertiesForKeys: [.isDirectoryKey, .isRegularFileKey]) else {
            throw AuditError(message: "cannot read \(self.root.path): pass a readable directory")
        }
        var paths: [String] = []
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isRegularFileKey])
            if values?.isDirectory == true, Self.skipped.contains(url.lastPathComponent) {
                enumerator.skipDescendants()
            } else if values?.isRegularFile == true {
                paths.append(url.standardizedFileURL.path)
            }
        }
        return paths.sorted()
    }
}

/// A problem with the audit itself, not a finding.
public struct AuditError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { self.message }
}

extension Finding {
    /// What a baseline matches on: line numbers move when code is edited above, so they are left out.
    public struct Key: Sendable, Hashable {
        public var id: String
        public var file: String
        public var message: String
    }

    public var key: Key { Key(id: self.id, file: self.file, message: self.message) }
}
