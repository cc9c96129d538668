import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import VitalsProcess

/// From a metric to a trace to its logs, with nothing of ours in between that a user would not run: the
/// demo exports spans to an OTLP/HTTP receiver decoding real OTLP protobuf (scripts/otlp-receiver, on the
/// `opentelemetry-proto` definitions), the watcher names a slow request by the exemplar it scraped, and
/// that trace is the receiver's — server span and database child span — and the request's JSON log lines
/// carry it; a real Prometheus with exemplar storage keeps the same exemplars.
@Suite(.timeLimit(.minutes(6))) struct TraceEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func aSlowRequestsExemplarLeadsToItsTraceAndItsLogs() async throws {
        let prometheusBinary = try #require(PrometheusRulesTests.binary(["prometheus"]), "prometheus not found: run scripts/test")
        let ports = try (0..<2).map { _ in try CrashDurabilityTests.freePort() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trace-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        let receiver = try await ServerProcess.start(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Self.root.appendingPathComponent("scripts/otlp-receiver").path, "--port", "\(ports[0])"],
            port: ports[0],
            readyPath: "/health"
        )
        defer { receiver.kill() }
        let logs = LogLines()
        let demo = try await DemoProcess.start(
            dataDir: directory.appendingPathComponent("demo"),
            reportEvery: "30s",
            arguments: ["--log-level", "info"],
            environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(ports[0])", "VITALS_LOG_FORMAT": "json", "OTEL_BSP_SCHEDULE_DELAY": "500",
            ],
            onOutput: { _, bytes in logs.append(bytes) }
        )
        defer { demo.kill() }

        try """
        global: { scrape_interval: 1s }
        scrape_configs:
          - job_name: orders-api
            static_configs: [{ targets: ["\(demo.instance(1))", "\(demo.instance(2))"] }]
        """.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let prometheus = try await ServerProcess.start(
            prometheusBinary,
            [
                "--config.file=\(directory.appendingPathComponent("prometheus.yml").path)",
                "--storage.tsdb.path=\(directory.appendingPathComponent("tsdb").path)",
                "--web.listen-address=127.0.0.1:\(ports[1])", "--enable-feature=exemplar-storage",
            ],
            port: ports[1],
            readyPath: "/-/ready"
        )
        defer { prometheus.kill() }

        #expect(try await demo.faults(.POST, #"{"db": "slow", "delay_ms": 1500}"#) == .ok)
        // The watcher names the slowest request of api.latency's window by the trace its exemplar carried.
        var traceID: String?
        var evidence = ""
        for _ in 0..<120 where traceID == nil {
            try await Task.sleep(for: .seconds(1))
            evidence = try await GameDayTests.alerts(demo.watcher)["orders-api"]?["api.latency"]?.evidence ?? ""
            traceID = evidence.firstMatch(of: /slowest: trace ([0-9a-f]{32})/).map { String($0.1) }
        }
        let trace = try #require(traceID, "api.latency never named a trace: \(evidence)")
        #expect(evidence.contains("orders-db"), "and the dependency: \(evidence)")

        // The receiver got that trace: the request's server span with the database call as its child.
        var spans: [[String: Any]] = []
        var server: [String: Any]?
        var query: [String: Any]?
        for _ in 0..<30 where query == nil {
            spans = try await Self.array("http://127.0.0.1:\(ports[0])/spans?trace_id=\(trace)")
            server = spans.first { $0["kind"] as? String == "server" && ($0["name"] as? String ?? "").contains("/orders") }
            query = spans.first { span in
                span["kind"] as? String == "client" && (span["name"] as? String ?? "").hasSuffix(" orders-db")
                    && span["parent_span_id"] as? String == server?["span_id"] as? String
            }
            if query == nil { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(server != nil && query != nil, "trace \(trace) lacks the server span or its database child: \(spans)")
        let attributes = query?["attributes"] as? [String: Any] ?? [:]
        #expect(attributes["db.system.name"] as? String == "sqlite")
        let milliseconds = Double((server?["end_unix_nano"] as? Int ?? 0) - (server?["start_unix_nano"] as? Int ?? 0)) / 1e6
        #expect(milliseconds >= 1000, "the exemplar's request is the slow one: \(milliseconds) ms")

        // Its JSON log lines carry the same trace id; the access line, in the server span, says which request it was.
        let lines = logs.records.filter { $0["trace_id"] as? String == trace }
        #expect(
            lines.contains { $0["message"] as? String == "Request completed" && $0["span_id"] as? String == server?["span_id"] as? String },
            "no access log line for \(trace) in its server span among \(lines)"
        )

        // A real Prometheus scraping the same instances in OpenMetrics stores their exemplars; the slow ones
        // point at traces the receiver has.
        var slow: [String] = []
        var received = false
        for _ in 0..<30 where !received {
            let now = Int(Date().timeIntervalSince1970)
            let stored = try await Self.array(
                "http://127.0.0.1:\(ports[1])/api/v1/query_exemplars?query=http_server_request_duration_seconds_bucket&start=\(now - 300)&end=\(now + 1)",
                key: "data"
            )
            slow = stored.flatMap { $0["exemplars"] as? [[String: Any]] ?? [] }.filter { Double($0["value"] as? String ?? "") ?? 0 >= 1 }
                .compactMap { ($0["labels"] as? [String: String])?["trace_id"] }
            for id in slow.suffix(5) where !received {
                received = !(try await Self.array("http://127.0.0.1:\(ports[0])/spans?trace_id=\(id)")).isEmpty
            }
            if !received { try await Task.sleep(for: .seconds(1)) }
        }
        #expect(received, "no slow exemplar Prometheus stored (\(slow.suffix(5))) is a trace the receiver got")
    }

    /// The JSON array at `url`, or under `key` of the object there.
    static func array(_ url: String, key: String? = nil) async throws -> [[String: Any]] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 16 << 20)
        let value = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        if let key { return (value as? [String: Any])?[key] as? [[String: Any]] ?? [] }
        return value as? [[String: Any]] ?? []
    }
}

/// The JSON log records a process wrote, assembled from its output as it arrives.
final class LogLines: Sendable {
    private let state = Mutex<(partial: [UInt8], records: [[String: any Sendable]])>(([], []))

    func append(_ bytes: [UInt8]) {
        self.state.withLock { state in
            state.partial += bytes
            while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(state.partial[..<newline])
                state.partial.removeSubrange(...newline)
                if let record = try? JSONSerialization.jsonObject(with: line) as? [String: Any], record["trace_id"] != nil {
                    state.records.append(record.compactMapValues { $0 as? String })
                }
            }
        }
    }

    var records: [[String: any Sendable]] { self.state.withLock { $0.records } }
}
