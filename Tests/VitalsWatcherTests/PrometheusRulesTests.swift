import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The rules `vitals rules` compiles from the demo's own spec, loaded into a real Prometheus scraping the
/// real demo (and probing it through a real blackbox_exporter): every rule evaluates without error, the
/// recording rules have data, and an injected fault fires its alert.
@Suite(.timeLimit(.minutes(6))) struct PrometheusRulesTests {
    static func binary(_ names: [String]) -> URL? {
        names.lazy.flatMap { ["/usr/bin/\($0)", "/usr/local/bin/\($0)"] }.first { FileManager.default.isExecutableFile(atPath: $0) }.map(
            URL.init(fileURLWithPath:)
        )
    }

    @Test func theDemosRulesEvaluateInARealPrometheus() async throws {
        let prometheusBinary = try #require(Self.binary(["prometheus"]), "prometheus not found: run scripts/test")
        let blackboxBinary = try #require(Self.binary(["prometheus-blackbox-exporter"]), "prometheus-blackbox-exporter not found: run scripts/test")
        let ports = try (0..<2).map { _ in try CrashDurabilityTests.freePort() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prom-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let demo = try await DemoProcess.start(dataDir: directory.appendingPathComponent("demo"), reportEvery: "2s")
        defer { demo.kill() }

        try "modules:\n  http_2xx: { prober: http, timeout: 2s }\n".write(
            to: directory.appendingPathComponent("blackbox.yml"),
            atomically: true,
            encoding: .utf8
        )
        let blackbox = try await ServerProcess.start(
            blackboxBinary,
            [
                "--config.file=\(directory.appendingPathComponent("blackbox.yml").path)", "--web.listen-address=127.0.0.1:\(ports[0])",
            ],
            port: ports[0],
            readyPath: "/-/healthy"
        )
        defer { blackbox.kill() }

        let out = directory.appendingPathComponent("rules")
        let compiled = try await CLITests().run([
            "rules", "--config", directory.appendingPathComponent("demo/vitals.yml").path, "--out", out.path, "--blackbox", "127.0.0.1:\(ports[0])",
        ])
        #expect(compiled.status == 0, "\(compiled.errors)")
        let scrape = try String(contentsOf: out.appendingPathComponent("prometheus/scrape.yml"), encoding: .utf8)
        let config =
            "global: { scrape_interval: 2s, evaluation_interval: 2s }\nrule_files: [\"\(out.path)/prometheus/*.rules.yml\"]\n"
            + scrape.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let prometheus = try await ServerProcess.start(
            prometheusBinary,
            [
                "--config.file=\(directory.appendingPathComponent("prometheus.yml").path)",
                "--storage.tsdb.path=\(directory.appendingPathComponent("tsdb").path)",
                "--web.listen-address=127.0.0.1:\(ports[1])",
            ],
            port: ports[1],
            readyPath: "/-/ready"
        )
        defer { prometheus.kill() }
        let api = "http://127.0.0.1:\(ports[1])/api/v1"

        // Targets up, then every rule evaluated at least once without error.
        var unhealthy: [String] = ["not evaluated yet"]
        var targetsDown: [String] = []
        for _ in 0..<30 where !unhealthy.isEmpty || !targetsDown.isEmpty {
            try await Task.sleep(for: .seconds(1))
            let targets = (try await DemoProcess.json("\(api)/targets")["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]] ?? []
            targetsDown = targets.filter { $0["health"] as? String != "up" }.map {
                "\(($0["labels"] as? [String: String])?["job"] ?? "?"): \($0["lastError"] ?? "")"
            }
            let groups = (try await DemoProcess.json("\(api)/rules")["data"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
            let rules = groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }
            unhealthy =
                rules.isEmpty
                ? ["no rules loaded"]
                : rules.filter { $0["health"] as? String != "ok" }.map { "\($0["name"] ?? "?"): \($0["health"] ?? "?") \($0["lastError"] ?? "")" }
        }
        #expect(targetsDown.isEmpty, "targets down: \(targetsDown)")
        #expect(unhealthy.isEmpty, "rules not healthy: \(unhealthy.prefix(5))")

        // Rates need two scrapes inside their window after the targets came up.
        var rate: [[String: Any]] = []
        for _ in 0..<20 where rate.isEmpty {
            try await Task.sleep(for: .seconds(1))
            rate =
                (try await DemoProcess.json("\(api)/query?query=vitals:http_requests:rate20s")["data"] as? [String: Any])?["result"]
                as? [[String: Any]] ?? []
        }
        #expect(!rate.isEmpty, "the request-rate recording rule has data")

        // A game-day fault fires the compiled alert in Prometheus too, after the rules' minimum hold (1 m).
        _ = try await demo.faults(.POST, #"{"error_rate": 0.3}"#)
        var firing: [String] = []
        for _ in 0..<100 where !firing.contains("VitalsApiErrors") {
            try await Task.sleep(for: .seconds(1))
            let alerts = (try await DemoProcess.json("\(api)/alerts")["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
            firing = alerts.filter { $0["state"] as? String == "firing" }.compactMap { ($0["labels"] as? [String: String])?["alertname"] }
        }
        #expect(firing.contains("VitalsApiErrors"), "firing: \(firing)")

        // Each instance is a target of its own, scraped and probed under one `instance` label (host:port),
        // and a stopped instance is one instance down, not the API down.
        let probed = try await Self.instances(api, "probe_success{job=\"orders-api-live\"}")
        let scraped = try await Self.instances(api, "up{job=\"orders-api\"}")
        #expect(probed == [demo.instance(1), demo.instance(2)] && scraped == probed, "probed \(probed), scraped \(scraped)")
        _ = try await demo.faults(.POST, #"{"instance": 2, "stopped": true}"#)
        var (down, all): ([[String: String]], [[String: String]]) = ([], [])
        for _ in 0..<100 where down.isEmpty {
            try await Task.sleep(for: .seconds(1))
            let alerts = (try await DemoProcess.json("\(api)/alerts")["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
            all = alerts.filter { $0["state"] as? String == "firing" }.compactMap { $0["labels"] as? [String: String] }
            down = all.filter { $0["alertname"] == "VitalsApiInstanceDown" }
        }
        #expect(down.map { $0["instance"] } == [demo.instance(2)], "firing: \(down)")
        #expect(!all.contains { $0["alertname"] == "VitalsApiDown" }, "firing: \(all)")
    }

    /// The `instance` labels of the series `query` selects, sorted.
    static func instances(_ api: String, _ query: String) async throws -> [String] {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let result = (try await DemoProcess.json("\(api)/query?query=\(encoded)")["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
        return result.compactMap { ($0["metric"] as? [String: String])?["instance"] }.sorted()
    }
}
