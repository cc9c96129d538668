import VitalsAudit

/// A file as `vitals audit` reads it. Input: the first byte picks the language (and a path that makes
/// it a service file), the rest is the file. Whatever the bytes — unterminated strings and comments,
/// broken UTF-8, YAML that is not YAML, base64 that is not base64 — the audit finishes, and every
/// finding is at a line of the file, with an id, a message and a fix.
enum AuditHarness {
    static let files: [(Language, String)] = [
        (.swift, "Sources/App/main.swift"), (.python, "app/views.py"), (.javascript, "src/server.js"), (.go, "internal/api/api.go"),
        (.dockerfile, "Dockerfile"), (.yaml, "deploy/manifests.yaml"),
    ]

    static func run(_ bytes: [UInt8]) throws {
        guard let first = bytes.first else { return }
        let (language, path) = Self.files[Int(first) % Self.files.count]
        let source = Array(bytes.dropFirst())
        let findings = Auditor.findings(in: source, language: language, path: path)
        let lines = source.count { $0 == UInt8(ascii: "\n") } + 1
        for finding in findings {
            try check((1...lines).contains(finding.line), "\(finding.id) at line \(finding.line) of \(lines)")
            try check(!finding.id.isEmpty && !finding.message.isEmpty && !finding.hint.isEmpty, "a finding without words: \(finding)")
            try check(finding.file == path, "a finding in \(finding.file), not \(path)")
        }
    }
}
