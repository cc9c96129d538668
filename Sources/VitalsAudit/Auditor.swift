package import Foundation

/// Reads a repository and reports where its services fly blind: `vitals audit`.
package struct Auditor: Sendable {
    /// Directories never read: dependencies, build output, version control.
    package static let skipped: Set<String> = [
        ".git", ".build", "node_modules", "vendor", ".venv", "venv", "__pycache__", "dist", ".swiftpm", "Pods",
    ]
    /// Larger files are generated or data, not code.
    package static let sizeLimit = 2 << 20

    /// Files audited at once, between progress reports.
    static let batch = 256

    package let root: URL
    /// Findings already known (from an earlier `--format json` report): reported no more.
    package var baseline: Set<Finding.Key> = []

    package init(root: URL) { self.root = root }

    /// Scans every readable file under `root`, on every core; `progress` is told the files and bytes
    /// read so far, on the calling thread.
    package func run(progress: (_ files: Int, _ bytes: Int) -> Void = { _, _ in }) throws -> AuditReport {
        var report = AuditReport()
        var present = Set<String>()
        var suggestions = WorkloadSuggester()
        let root = self.root.standardizedFileURL.path
        let files = try self.files().compactMap { file in Language.of(path: file).map { (path: file, language: $0) } }
        for start in stride(from: 0, to: files.count, by: Self.batch) {
            for audit in Self.audit(Array(files[start..<min(files.count, start + Self.batch)]), root: root) {
                guard let audit else { continue }
                report.summary.files += 1
                report.summary.bytes += audit.bytes
                report.findings += audit.findings
                present.formUnion(audit.needs)
                suggestions.note(audit.signs)
            }
            progress(report.summary.files, report.summary.bytes)
        }
        if report.summary.files > 0 {
            // Project-level findings (file ".") go where "." sorts among the paths.
            let missing = ProjectRules.needs.filter { !present.contains($0.id) }.map {
                Finding(id: $0.id, severity: $0.severity, file: ".", line: 0, message: $0.message, hint: $0.hint)
            }.sorted { $0.id < $1.id }
            report.findings.insert(contentsOf: missing, at: report.findings.firstIndex { $0.file > "." } ?? report.findings.endIndex)
        }
        if !self.baseline.isEmpty { report.findings.removeAll { self.baseline.contains($0.key) } }
        report.summary.count(report.findings)
        report.workloads = suggestions.workloads(project: self.root.lastPathComponent)
        return report
    }

    /// Each file audited, in order; nil for one that cannot be read or is over the size limit.
    private static func audit(_ files: [(path: String, language: Language)], root: String) -> [FileAudit?] {
        Parallel.map(files.count) { index in
            let (path, language) = files[index]
            return SourceTree.contents(of: SourceTree.join(root, path), limit: Self.sizeLimit).map {
                FileAudit(SourceText(bytes: $0, language: language), file: path)
            }
        }
    }

    /// Every file under `root`, relative to it and sorted, outside skipped directories.
    func files() throws -> [String] {
        guard let files = SourceTree.files(under: self.root.standardizedFileURL.path, skipping: Self.skipped) else {
            throw AuditError(message: "cannot read \(self.root.path): pass a readable directory")
        }
        return files
    }
}

/// A problem with the audit itself, not a finding.
package struct AuditError: Error, CustomStringConvertible {
    package let message: String
    package var description: String { self.message }
}

extension Finding {
    /// What a baseline matches on: line numbers move when code is edited above, so they are left out.
    package struct Key: Sendable, Hashable {
        package var id: String
        package var file: String
        package var message: String
    }

    package var key: Key { Key(id: self.id, file: self.file, message: self.message) }
}
