import Testing

@testable import VitalsAudit

/// Which files the audit reads, and as what: every name projects give their Dockerfiles, and no minified bundle.
@Suite struct LanguageTests {
    @Test func filesAreReadByEveryNameProjectsGiveThem() {
        let cases: [(String, Language?)] = [
            ("Dockerfile", .dockerfile), ("deploy/Dockerfile.prod", .dockerfile), ("api.Dockerfile", .dockerfile),
            ("worker.dockerfile", .dockerfile), ("DOCKERFILE", .dockerfile), ("docs/Dockerfile-notes.md", nil),
            ("web/app.js", .javascript), ("static/vendor/jquery.min.js", nil), ("lib/chart.MIN.js", nil), ("src/minimal.js", .javascript),
            ("server.ts", .javascript), ("main.go", .go), ("app.py", .python), ("k8s/deploy.yaml", .yaml),
        ]
        for (path, language) in cases { #expect(Language.of(path: path) == language, "\(path)") }
    }
}
