import Foundation
import Testing
import VitalsCore
import VitalsProcess
import VitalsTestSupport

@testable import VitalsAudit

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
                "main.go:5 log.unstructured", "main.go:12 log.print", "main.go:16 metrics.high_cardinality_label",
            ]
        )
    }

    /// The Dockerfile has no HEALTHCHECK, but the Deployment probes its containers: Kubernetes ignores an
    /// image's HEALTHCHECK, so that is not reported.
    @Test func manifestsRulesAndConfiguration() throws {
        #expect(
            try Self.findings("manifests") == [
                ".:0 metrics.missing", ".:0 tracing.missing",
                "Dockerfile:2 config.debug_in_production",
                "alertmanager.yml:2 alertmanager.default_silent", "alertmanager.yml:8 alertmanager.unknown_receiver",
                "alerts.yml:4 alert.no_for", "alerts.yml:4 alert.no_runbook", "alerts.yml:7 alert.cause_based",
                "config/production.yaml:3 config.debug_in_production", "deploy.yaml:9 k8s.no_probes", "slo.yml:2 slo.hundred_percent",
            ]
        )
    }

    /// Patterns from real repositories (issue 16's corpus), each true positive beside its true negative:
    /// command-line programs under `cmd/` beside a `cmd/` program that serves; logrus imported as `log`;
    /// a header loop; a full URL logged; a raw path as a label; words of a message that are not secrets.
    @Test func goServicesAndTheirCommands() throws {
        #expect(
            try Self.findings("go-services") == [
                ".:0 alerts.missing", ".:0 health.missing", ".:0 metrics.missing", ".:0 runbooks.missing", ".:0 tracing.missing",
                "cmd/server/main.go:18 log.print", "internal/handlers/handlers.go:12 log.request_dump",
                "internal/handlers/handlers.go:15 log.url_query", "internal/handlers/handlers.go:16 metrics.high_cardinality_label",
                "internal/handlers/handlers.go:19 log.secret", "internal/legacy/legacy.go:4 log.unstructured",
            ]
        )
    }

    /// A `package.json` `bin`, a shebang, browser code by framework and by directory, a minified bundle,
    /// a word list in `static/`, morgan's `:url`, a serialised gRPC request, a secret interpolated into a template, winston
    /// `printf`, `Dockerfile.api` with its port in the hint, and ESLint's own word that a print is meant.
    @Test func nodeServicesScriptsAndBrowserCode() throws {
        let report = try Auditor(root: Self.fixtures.appendingPathComponent("node-services")).run()
        #expect(
            report.findings.map { "\($0.file):\($0.line) \($0.id)" } == [
                ".:0 alerts.missing", ".:0 runbooks.missing", ".:0 tracing.missing", "Dockerfile.api:1 docker.no_healthcheck",
                "src/access.js:4 log.url_query", "src/access.js:5 log.url_query", "src/server.js:5 log.unstructured",
                "src/server.js:10 log.request_dump", "src/server.js:12 log.secret",
                "src/server.js:13 log.url_query", "src/server.js:15 metrics.high_cardinality_label", "src/server.js:17 log.print",
            ]
        )
        #expect(report.findings.first { $0.id == "docker.no_healthcheck" }?.hint.contains("127.0.0.1:3000/") == true)
        #expect(report.findings.first { $0.id == "tracing.missing" }?.hint.contains("@opentelemetry/sdk-node") == true)
    }

    /// A gRPC server that parses flags is still a service; Django management commands, migrations, a
    /// `__main__` script and a HEALTHCHECK helper print for a person; flake8's `noqa: T201` is honoured.
    /// The suggested spec follows the Procfile.
    @Test func pythonServicesCommandsAndMigrations() throws {
        let report = try Auditor(root: Self.fixtures.appendingPathComponent("python-services")).run()
        // The Procfile's processes, at the port the code declares and the paths its health check calls.
        #expect(
            report.workloads.map { "\($0.name) \($0.kind) \($0.evidence)" } == [
                "python-services-web api Procfile:1", "python-services-worker worker Procfile:2", "python-services-beat job Procfile:3",
            ]
        )
        #expect(report.workloads[0].live == "http://127.0.0.1:8000/health/live" && report.workloads[0].ready == "http://127.0.0.1:8000/health/ready")
        #expect(report.workloads[0].unconfirmed?["metrics"]?.contains("no /metrics route") == true)
        #expect(report.workloads[2].unconfirmed?["schedule"] != nil)
        #expect(
            try Self.findings("python-services") == [
                ".:0 alerts.missing", ".:0 runbooks.missing", ".:0 tracing.missing",
                "app/grpc_server.py:7 log.unstructured", "app/grpc_server.py:15 log.print", "app/logconf.py:4 log.unstructured",
                "app/views.py:10 log.secret", "app/views.py:12 log.secret", "app/views.py:13 log.request_dump", "app/views.py:15 log.url_query",
                "app/views.py:17 metrics.high_cardinality_label",
            ]
        )
    }

    /// Kustomize patches are not workloads; the same Deployment in a base and a rendered release is one
    /// finding; CRDs are skipped; PrometheusRule groups and Alertmanager configuration inside a Secret
    /// (as text and in base64) are read; a Watchdog that notifies nobody and a certificate TTL threshold need no `for:`; test clusters
    /// are not held to the rules. The suggested spec comes from the manifests: one workload each.
    @Test func kubernetesStackAsTheOperatorShipsIt() throws {
        let report = try Auditor(root: Self.fixtures.appendingPathComponent("k8s-stack")).run()
        #expect(
            report.findings.map { "\($0.file):\($0.line) \($0.id)" } == [
                ".:0 metrics.missing", ".:0 tracing.missing", "base/deployment.yaml:17 k8s.no_probes",
                "monitoring/alertmanager-secret-encoded.yaml:6 alertmanager.unknown_receiver",
                "monitoring/alertmanager-secret.yaml:8 alertmanager.default_silent",
                "monitoring/rules.yaml:9 alert.no_for", "monitoring/rules.yaml:9 alert.no_runbook",
            ]
        )
        #expect(
            report.findings.first { $0.id == "k8s.no_probes" }?.message
                == "Deployment orders: container log-shipper has no livenessProbe: a wedged instance is never restarted"
        )
        #expect(report.workloads.map { "\($0.name) \($0.kind)" } == ["orders api", "mailer worker", "nightly-invoices job"])
        #expect(report.workloads[0].live == "http://orders:8080/healthz" && report.workloads[0].ready == "http://orders:8080/readyz")
        #expect(report.workloads[0].metrics == nil && report.workloads[0].unconfirmed?["metrics"]?.contains("metrics.missing") == true)
        #expect(report.workloads[1].heartbeat == true && report.workloads[2].schedule == "0 2 * * *")
        let spec = try SpecLoader.parse(WorkloadSuggester.yaml(report.workloads), file: "suggested.yml", environment: [:])
        #expect(spec.workloads.map(\.name) == ["orders", "mailer", "nightly-invoices"])
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
