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
        let all = try self.files()
        suggestions.note([:], Declarations(workloads: Procfile.workloads(among: all, root: root)))
        let programs = PackageManifests.programs(among: all, root: root)
        let files = all.compactMap { file in Language.of(path: file).map { (path: file, language: $0) } }
        var workloadsReported = Set<String>()
        var codeBytes: [Language: Int] = [:]
        var missingIDs = Set<String>()
        for start in stride(from: 0, to: files.count, by: Self.batch) {
            for audit in Self.audit(Array(files[start..<min(files.count, start + Self.batch)]), root: root, programs: programs) {
                guard let audit else { continue }
                report.summary.files += 1
                report.summary.bytes += audit.bytes
                codeBytes[audit.language, default: 0] += audit.bytes
                // A workload declared again (a kustomize base, an overlay, a rendered release) is reported
                // once, in the first file: its finding names it, so the same message is the same workload.
                report.findings += audit.findings.filter { $0.id != "k8s.no_probes" || workloadsReported.insert($0.message).inserted }
                present.formUnion(audit.needs)
                suggestions.note(audit.signs, audit.declarations)
            }
            progress(report.summary.files, report.summary.bytes)
        }
        if suggestions.declared.probes {
            // Kubernetes and Compose probe containers themselves and ignore an image's HEALTHCHECK.
            report.findings.removeAll { $0.id == "docker.no_healthcheck" }
        }
        if report.summary.files > 0 {
            // Project-level findings (file ".") go where "." sorts among the paths, with the fix in the
            // language most of the code is written in.
            let language = LineRules.code.max { (codeBytes[$0] ?? 0, $0.rawValue) < (codeBytes[$1] ?? 0, $1.rawValue) }
            let main = language.flatMap { codeBytes[$0] ?? 0 > 0 ? $0 : nil }
            let missing = ProjectRules.needs.filter { !present.contains($0.id) }.map {
                Finding(id: $0.id, severity: $0.severity, file: ".", line: 0, message: $0.message, hint: $0.hint(for: main))
            }.sorted { $0.id < $1.id }
            missingIDs = Set(missing.map(\.id))
            report.findings.insert(contentsOf: missing, at: report.findings.firstIndex { $0.file > "." } ?? report.findings.endIndex)
        }
        if !self.baseline.isEmpty { report.findings.removeAll { self.baseline.contains($0.key) } }
        report.summary.count(report.findings)
        report.workloads = suggestions.workloads(
            project: self.root.lastPathComponent,
            missing: missingIDs
        )
        return report
    }

    /// Each file audited, in order; nil for one that cannot be read or is over the size limit.
    private static func audit(_ files: [(path: String, language: Language)], root: String, programs: Set<String>) -> [FileAudit?] {
        Parallel.map(files.count) { index in
            let (path, language) = files[index]
            return SourceTree.contents(of: SourceTree.join(root, path), limit: Self.sizeLimit).map {
                FileAudit(SourceText(bytes: $0, language: language), file: path, programs: programs)
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
