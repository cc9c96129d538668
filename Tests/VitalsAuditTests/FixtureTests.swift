import Foundation
import Testing
import VitalsAudit

/// Fixture projects per language with known true positives and true negatives, asserted exactly: no
/// finding missed, none extra. True negatives sit beside each positive: the same call commented out, in a
/// string, in a test file, or suppressed with `vitals:ignore`.
@Suite struct FixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func findings(_ project: String) throws -> [String] {
        try Auditor(root: self.fixtures.appendingPathComponent(project)).run().findings.map { "\($0.file):\($0.line) \($0.id)" }
    }

    @Test func swift() throws {
        #expect(try Self.findings("swift-service") == [
            ".:0 alerts.missing", ".:0 metrics.missing", ".:0 runbooks.missing", ".:0 tracing.missing",
            "Sources/App/main.swift:4 log.unstructured", "Sources/App/main.swift:6 log.print", "Sources/App/main.swift:10 log.secret",
            "Sources/App/main.swift:12 metrics.high_cardinality_label", "Sources/App/main.swift:14 health.liveness_dependencies",
        ])
    }

    @Test func python() throws {
        #expect(try Self.findings("python-service") == [
            ".:0 alerts.missing", ".:0 health.missing", ".:0 runbooks.missing", ".:0 tracing.missing",
            "app.py:5 log.unstructured", "app.py:8 metrics.high_cardinality_label", "app.py:13 log.print", "app.py:15 log.secret",
        ])
    }

    @Test func javascript() throws {
        #expect(try Self.findings("js-service") == [
            ".:0 alerts.missing", ".:0 runbooks.missing", ".:0 tracing.missing",
            "server.js:5 log.print", "server.js:8 metrics.behind_auth", "server.js:10 log.secret",
        ])
    }

    @Test func go() throws {
        #expect(try Self.findings("go-service") == [
            ".:0 alerts.missing", ".:0 metrics.missing", ".:0 runbooks.missing",
            "main.go:12 log.print", "main.go:15 log.unstructured", "main.go:16 metrics.high_cardinality_label",
        ])
    }

    @Test func manifestsRulesAndConfiguration() throws {
        #expect(try Self.findings("manifests") == [
            ".:0 metrics.missing", ".:0 tracing.missing",
            "Dockerfile:1 docker.no_healthcheck", "Dockerfile:2 config.debug_in_production",
            "alerts.yml:4 alert.no_for", "alerts.yml:4 alert.no_runbook", "alerts.yml:7 alert.cause_based",
            "config/production.yaml:3 config.debug_in_production", "deploy.yaml:9 k8s.no_probes", "slo.yml:2 slo.hundred_percent",
        ])
    }

    @Test func commentsAndStringsAreToldApartFromCode() {
        let source = SourceText(#"a(); // b()\n"c() /* d() */" /* e() */ f() 'g()'"#.replacingOccurrences(of: "\\n", with: "\n"), language: .javascript)
        let blankString = "\"" + String(repeating: " ", count: 13) + "\""
        #expect(source.bare == "a();       \n\(blankString)           f() '   '")
        #expect(source.code == "a();       \n\"c() /* d() */\"           f() 'g()'")
    }
}
