import Foundation
import Testing
import VitalsAudit
import VitalsProcess
import VitalsTestSupport

/// Fixture projects per language with known true positives and true negatives, asserted exactly: no
/// finding missed, none extra. True negatives sit beside each positive: the same call commented out, in a
/// string, in a test file, or suppressed with `vitals:ignore`.
@Suite struct FixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func findings(_ project: String) throws -> [String] {
        try Auditor(root: self.fixtures.appendingPathComponent(project)).run().findings.map { "\($0.file):\($0.line) \($0.id)" }
    }

    @Test func swift() throws {
        #expect(
            try Self.findings("swift-service") == [
                ".:0 alerts.missing", ".:0 metrics.missing", ".:0 runbooks.missing", ".:0 tracing.missing",
                "Sources/App/main.swift:4 log.unstructured", "Sources/App/main.swift:6 log.print", "Sources/App/main.swift:10 log.secret",
                "Sources/App/main.swift:12 metrics.high_cardinality_label", "Sources/App/main.swift:14 health.liveness_dependencies",
            ]
        )
    }

    @Test func python() throws {
        #expect(
            try Self.findings("python-service") == [
                ".:0 alerts.missing", ".:0 health.missing", ".:0 runbooks.missing", ".:0 tracing.missing",
                "app.py:5 log.unstructured", "app.py:8 metrics.high_cardinality_label", "app.py:13 log.print", "app.py:15 log.secret",
            ]
        )
    }

    @Test func javascript() throws {
        #expect(
            try Self.findings("js-service") == [
                ".:0 alerts.missing", ".:0 runbooks.missing", ".:0 tracing.missing",
                "server.js:5 log.print", "server.js:8 metrics.behind_auth", "server.js:10 log.secret",
            ]
        )
    }

    @Test func go() throws {
        #expect(
            try Self.findings("go-service") == [
                ".:0 alerts.missing", ".:0 metrics.missing", ".:0 runbooks.missing",
                "main.go:12 log.print", "main.go:15 log.unstructured", "main.go:16 metrics.high_cardinality_label",
            ]
        )
    }

    @Test func manifestsRulesAndConfiguration() throws {
        #expect(
            try Self.findings("manifests") == [
                ".:0 metrics.missing", ".:0 tracing.missing",
                "Dockerfile:1 docker.no_healthcheck", "Dockerfile:2 config.debug_in_production",
                "alertmanager.yml:2 alertmanager.default_silent", "alertmanager.yml:8 alertmanager.unknown_receiver",
                "alerts.yml:4 alert.no_for", "alerts.yml:4 alert.no_runbook", "alerts.yml:7 alert.cause_based",
                "config/production.yaml:3 config.debug_in_production", "deploy.yaml:9 k8s.no_probes", "slo.yml:2 slo.hundred_percent",
            ]
        )
    }

    /// The receiver finding says Alertmanager will not load the file: the real amtool agrees, and accepts
    /// it once the receiver exists (when only the silent default is left).
    @Test func amtoolAgreesAboutTheUnknownReceiver() async throws {
        let original = try String(contentsOf: Self.fixtures.appendingPathComponent("manifests/alertmanager.yml"), encoding: .utf8)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("alertmanager.yml")
        for (text, loads) in [
            (original, false), (original + "  - name: payments-pager\n    webhook_configs: [{ url: http://127.0.0.1:9/pager }]\n", true),
        ] {
            try text.write(to: file, atomically: true, encoding: .utf8)
            let amtool = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["amtool", "check-config", file.path])
            let ids = try Auditor(root: root).run().findings.filter { $0.file == "alertmanager.yml" }.map(\.id)
            #expect((amtool.status == 0) == loads, "\(amtool.output)")
            #expect(ids == (loads ? ["alertmanager.default_silent"] : ["alertmanager.default_silent", "alertmanager.unknown_receiver"]))
        }
    }

    @Test func commentsAndStringsAreToldApartFromCode() {
        let source = SourceText(
            #"a(); // b()\n"c() /* d() */" /* e() */ f() 'g()'"#.replacingOccurrences(of: "\\n", with: "\n"),
            language: .javascript
        )
        let blankString = "\"" + String(repeating: " ", count: 13) + "\""
        #expect(source.bare == "a();       \n\(blankString)           f() '   '")
        #expect(source.code == "a();       \n\"c() /* d() */\"           f() 'g()'")
    }
}
