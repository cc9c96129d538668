import Foundation
import Testing
import VitalsAudit
import VitalsCore
import VitalsProcess
import VitalsRules

/// Every generated file is accepted by the tool that reads it.
@Suite struct GeneratedFilesTests {
    @Test func promtoolAcceptsEveryRulesFileAndTheScrapeConfig() async throws {
        let fixture = try RulesFixture()
        let rules = fixture.files.map(\.path).filter { $0.hasSuffix(".rules.yml") }
        #expect(
            rules.sorted() == [
                "prometheus/dns-api.rules.yml", "prometheus/fleet-api.rules.yml", "prometheus/nightly.rules.yml", "prometheus/orders-api.rules.yml",
                "prometheus/orders-worker.rules.yml", "prometheus/spring-api.rules.yml",
            ]
        )
        for file in rules {
            let result = try await fixture.run("promtool", ["check", "rules", fixture.path(file)])
            #expect(result.status == 0, "\(file): \(result.output)\(result.errors)")
        }
        // A prometheus.yml as a user assembles it: the generated scrape jobs and every rules file.
        let scrape = try String(contentsOfFile: fixture.path("prometheus/scrape.yml"), encoding: .utf8)
        let config =
            "global: { scrape_interval: 15s }\nrule_files: [\"prometheus/*.rules.yml\"]\n"
            + scrape.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        try config.write(toFile: fixture.path("prometheus.yml"), atomically: true, encoding: .utf8)
        let checked = try await fixture.run("promtool", ["check", "config", fixture.path("prometheus.yml")])
        #expect(checked.status == 0, "\(checked.output)\(checked.errors)")
        #expect(
            scrape.contains("job_name: \"orders-api-live\"") && scrape.contains("replacement: \"127.0.0.1:9115\""),
            "live probes go through blackbox_exporter"
        )
        #expect(scrape.contains("metrics_path: \"/actuator/prometheus\""))
        #expect(scrape.contains(#"targets: ["127.0.0.1:9001", "127.0.0.1:9002"]"#), "listed instances are the targets")
        #expect(scrape.contains(#"replacement: "http://$1/health/live""#), "each instance's probe URL is built from its address")
        #expect(scrape.contains(#"names: ["orders.internal"], type: A, port: 8080"#), "dns: follows the name")
        #expect(scrape.contains(#"{ target_label: workload, replacement: "dns-api" }"#), "DNS discovery labelled by relabelling")
        #expect(
            scrape.contains(#"regex: "[a-z]+://([^/?#]+).*", target_label: instance"#),
            "a single URL's probes labelled host:port like its scrape"
        )
    }

    @Test(arguments: MetricProfile.all.map(\.name))
    func everyProfileCompilesToValidRules(profile: String) async throws {
        let fixture = try RulesFixture(
            yaml: """
                workloads:
                  api: { kind: api, metrics: "http://127.0.0.1:8080/metrics", profile: \(profile), slo: { availability: 99.9%, latency: { below: 250ms, target: 99% } } }
                """
        )
        let rules = try #require(fixture.files.first { $0.path == "prometheus/api.rules.yml" }).contents
        let named = try #require(MetricProfile.named(profile))
        #expect(rules.contains(named.latencyHistogram + "_bucket"), "\(profile) reads its own latency histogram")
        if let counter = named.requestCounter { #expect(rules.contains(counter), "\(profile) counts requests with \(counter)") }
        let result = try await fixture.run("promtool", ["check", "rules", fixture.path("prometheus/api.rules.yml")])
        #expect(result.status == 0, "\(profile): \(result.output)\(result.errors)")
    }

    @Test func rulesCarryTheWatchersLabelsAnnotationsAndProfileNames() throws {
        let fixture = try RulesFixture()
        let api = try #require(fixture.files.first { $0.path == "prometheus/orders-api.rules.yml" }).contents
        #expect(api.contains(#"labels: { workload: "orders-api", kind: "api", diagnosis: "api.errors", severity: "critical" }"#))
        #expect(api.contains(#"runbook_url: "https://wiki.example/orders-api""#))
        #expect(
            api.contains("record: slo:sli_error:ratio_rate5m") && api.contains("record: slo:period_error_budget_remaining:ratio"),
            "Sloth-shaped SLO rules"
        )
        #expect(
            api.contains("absent(http_server_request_duration_seconds_bucket{job=\\\"orders-api\\\"})"),
            "a vanished target is unknown, not healthy"
        )
        let spring = try #require(fixture.files.first { $0.path == "prometheus/spring-api.rules.yml" }).contents
        #expect(
            spring.contains("http_server_requests_seconds_count{job=\\\"spring-api\\\", uri!~\\\"/actuator/health|"),
            "Micrometer's names, probes left out"
        )
        #expect(spring.contains("|/actuator/health/.*\\\", status=~\\\"5..\\\"}"), "Micrometer's status label")
        #expect(spring.contains(#"runbook_url: "runbooks/spring-api/api.errors.md""#), "the generated runbook when the spec names none")
        let job = try #require(fixture.files.first { $0.path == "prometheus/nightly.rules.yml" }).contents
        #expect(job.contains("time() - job_last_success_timestamp_seconds{job=\\\"nightly\\\"} > 7800"), "two periods plus grace")
    }

    @Test func amtoolAcceptsTheRoutesAndInhibitions() async throws {
        let fixture = try RulesFixture()
        let routes = try String(contentsOfFile: fixture.path("alertmanager/routes.yml"), encoding: .utf8)
        let result = try await fixture.run("amtool", ["check-config", fixture.path("alertmanager/routes.yml")])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(routes.contains("group_by: [workload]"))
        #expect(routes.contains(#"matchers: ["workload=\"spring-api\"", "severity=~\"critical\""]"#), "spring-api goes to pager only, critical only")
        #expect(!routes.contains(#"receiver: "ops"\n      matchers: ["workload=\"spring-api\"""#))
        #expect(routes.contains(#"source_matchers: ["diagnosis=\"api.down\""]"#) && routes.contains("equal: [workload]"))
    }

    @Test func dashboardsReadTheRecordingRulesTheRulesWriteWhateverTheWindow() throws {
        // A two-minute window: recording rules named `…rate2m`, which a dashboard hard-coding `rate5m` misses.
        let fixture = try RulesFixture(
            yaml: """
                workloads:
                  api: { kind: api, metrics: "http://127.0.0.1:8080/metrics", window: 2m }
                  worker: { kind: worker, metrics: "http://127.0.0.1:8081/metrics", window: 2m, progress_within: 5m }
                """
        )
        let recorded = fixture.files.filter { $0.path.hasSuffix(".rules.yml") }.flatMap { file in
            file.contents.matches(of: /record: (\S+)/).map { String($0.1) }
        }
        #expect(recorded.contains("vitals:http_requests:rate2m"))
        for dashboard in fixture.files.filter({ $0.path.hasPrefix("grafana/") }) {
            for reference in dashboard.contents.matches(of: /(vitals:[a-z_:0-9]+)(\[0-9\]\.\*)?/) {
                let stem = String(reference.1)
                let pattern = reference.2 == nil ? "^\(stem)$" : "^\(stem)[0-9].*$"
                #expect(
                    recorded.contains { $0.range(of: pattern, options: .regularExpression) != nil },
                    "\(dashboard.path) reads \(stem)\(reference.2 ?? "") but no rule records it"
                )
            }
        }
    }

    @Test func everyAlertHoldsAndTheAuditFindsNothingInTheOutput() throws {
        let fixture = try RulesFixture()
        for file in fixture.files where file.path.hasSuffix(".rules.yml") {
            #expect(!file.contents.contains("for: 0s"), "\(file.path): an alert without a hold pages on one evaluation")
        }
        // `vitals audit` over `vitals rules` output: the rules, routes and probes we generate are what it asks
        // for (project-level findings, about code the output has none of, aside).
        let findings = try Auditor(root: fixture.directory).run().findings.filter { $0.file != "." }
        #expect(findings.isEmpty, "\(findings.map { "\($0.file):\($0.line) \($0.id)" })")
    }

    @Test func grafanaDashboardsHaveWhatGrafanaRequires() throws {
        let fixture = try RulesFixture()
        let dashboards = fixture.files.filter { $0.path.hasPrefix("grafana/") }
        #expect(dashboards.map(\.path).sorted() == ["grafana/api.json", "grafana/job.json", "grafana/worker.json"])
        for file in dashboards {
            let dashboard = try #require(
                try JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any],
                "\(file.path) is a JSON object"
            )
            #expect(dashboard["uid"] is String && dashboard["title"] is String && (dashboard["schemaVersion"] as? Int ?? 0) >= 36, "\(file.path)")
            let panels = try #require(dashboard["panels"] as? [[String: Any]])
            #expect(!panels.isEmpty)
            #expect(Set(panels.compactMap { $0["id"] as? Int }).count == panels.count, "\(file.path): panel ids are unique")
            for panel in panels {
                let grid = panel["gridPos"] as? [String: Int] ?? [:]
                #expect(
                    ["h", "w", "x", "y"].allSatisfy { grid[$0] != nil } && (grid["x"] ?? 0) + (grid["w"] ?? 0) <= 24,
                    "\(file.path): gridPos within 24 columns"
                )
                let targets = panel["targets"] as? [[String: Any]] ?? []
                #expect(
                    !targets.isEmpty && targets.allSatisfy { ($0["expr"] as? String)?.isEmpty == false && $0["refId"] is String },
                    "\(file.path): every panel queries"
                )
            }
            let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(variables == ["datasource", "workload"])
        }
        let worker = try #require(dashboards.first { $0.path == "grafana/worker.json" }).contents
        #expect(worker.contains("Backlog, processing and failures"), "backlog, processing rate and failures on one panel")
        // The latency panel queries the buckets exemplars hang on, with exemplars on, for every profile in use.
        let apiFile = try #require(dashboards.first { $0.path == "grafana/api.json" })
        let api = try #require(try JSONSerialization.jsonObject(with: Data(apiFile.contents.utf8)) as? [String: Any])
        let latency = try #require((api["panels"] as? [[String: Any]])?.first { $0["title"] as? String == "Latency" })
        let withExemplars = (latency["targets"] as? [[String: Any]] ?? []).filter { $0["exemplar"] as? Bool == true }
        #expect(withExemplars.contains { ($0["expr"] as? String ?? "").contains("http_server_request_duration_seconds_bucket|") }, "\(withExemplars)")
        #expect(
            withExemplars.contains { ($0["expr"] as? String ?? "").contains("http_server_requests_seconds_bucket") },
            "the Spring API's profile too"
        )
    }

    @Test func probesAndRunbooksFollowTheSpec() throws {
        let fixture = try RulesFixture()
        let probes = try #require(fixture.files.first { $0.path == "kubernetes/probes.yml" }).contents
        #expect(
            probes.contains("orders-api:\n") && probes.contains("httpGet: { path: /health/live, port: 8080 }")
                && probes.contains("httpGet: { path: /health/startup, port: 8080 }")
        )
        #expect(probes.contains("failureThreshold: 20"), "startup: 5m at 15s")
        let runbooks = fixture.files.filter { $0.path.hasPrefix("runbooks/orders-worker/") }.map(\.path)
        #expect(runbooks.contains("runbooks/orders-worker/worker.stalled.md"))
        let stalled = try #require(fixture.files.first { $0.path == "runbooks/orders-worker/worker.stalled.md" }).contents
        for heading in ["## What it means", "## Impact on users", "## First three steps", "## Common causes", "## Escalation"] {
            #expect(stalled.contains(heading))
        }
        #expect(stalled.contains("1. ") && stalled.contains("3. "))
    }
}
