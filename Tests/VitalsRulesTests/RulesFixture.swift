import Foundation
import VitalsCore
import VitalsProcess
import VitalsRules
import VitalsTestSupport

/// A spec with every kind, compiled into a temporary directory, and the real promtool and amtool.
struct RulesFixture {
    static let yaml = """
        notify:
          - name: ops
            slack: { url: "https://hooks.slack.example/T000/B000/XXXX" }
          - name: pager
            webhook: { url: "https://pager.example/hook" }
            severities: [critical]
        workloads:
          orders-api:
            kind: api
            live: http://127.0.0.1:8080/health/live
            ready: http://127.0.0.1:8080/health/ready
            metrics: http://127.0.0.1:8080/metrics
            slo: { availability: 99.9%, latency: { below: 250ms, target: 99% } }
            runbook: https://wiki.example/orders-api
          spring-api: { kind: api, metrics: "http://127.0.0.1:8090/actuator/prometheus", profile: micrometer, notify: [pager] }
          orders-worker: { kind: worker, metrics: "http://127.0.0.1:8081/metrics", progress_within: 5m, backlog: { max_age: 10m } }
          nightly: { kind: job, schedule: every 1h, grace: 10m, min_records: 1, metrics: "http://127.0.0.1:8082/metrics" }
          fleet-api:
            kind: api
            instances: [127.0.0.1:9001, 127.0.0.1:9002]
            live: /health/live
            ready: /health/ready
            metrics: /metrics
            ignore_routes: ["/internal/*"]
            routes:
              "GET /search": { max_p99: 2s }
              "POST /orders": { max_error_ratio: 1%, slo: { availability: 99.9% } }
          dns-api: { kind: api, dns: "orders.internal:8080", live: /health/live, ready: /health/ready, metrics: /metrics }
        """

    let directory: URL
    let files: [RulesFile]

    init(yaml: String = Self.yaml) throws {
        let spec = try SpecLoader.parse(yaml, file: "vitals.yml", environment: [:])
        self.files = try RulesCompiler.compile(spec)
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        for file in self.files {
            let url = self.directory.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func path(_ relative: String) -> String { self.directory.appendingPathComponent(relative).path }

    static func tool(_ name: String) throws -> URL {
        guard let path = ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ToolMissing(name: name)
        }
        return URL(fileURLWithPath: path)
    }

    struct ToolMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(self.name) not found: run scripts/test, which installs Debian's prometheus and prometheus-alertmanager" }
    }

    func run(_ tool: String, _ arguments: [String]) async throws -> ChildProcess.Result {
        try await ChildProcess.run(try Self.tool(tool), arguments)
    }
}
