import Foundation
import VitalsCore

/// The spec of the watcher `vitals demo` runs beside the Orders system: it probes and scrapes the API
/// and the worker, and watches the report job through its pings. Intervals and windows are seconds
/// rather than minutes so a game day shows its diagnoses while you watch. Written to the data directory so `vitals tokens`, `vitals silence` and
/// `vitals check` work against the demo with `--config .vitals/demo/vitals.yml`.
enum DemoWatcherSpec {
    /// Demo-only credentials: the demo listens on loopback and holds no real data.
    static let pingKey = "demo-ping-key-0123456789"
    static let apiToken = "demo-api-token-0123456789"

    static func yaml(host: String, port: Int, dataDir: String, reportEvery: Duration, api: [String], worker: String) -> String {
        let instances = api.map { $0.replacingOccurrences(of: "http://", with: "") }.joined(separator: ", ")
        return """
            # Written by `vitals demo`: the watcher that watches the Orders demo.
            watcher:
              listen: \(host):\(port)
              storage: sqlite:\(dataDir)/watcher.db
              ping_key: \(self.pingKey)
              api_token: \(self.apiToken)
              evaluate_every: 2s
            workloads:
              orders-api:
                kind: api
                instances: [\(instances)]
                live: /health/live
                ready: /health/ready
                metrics: /metrics
                synthetic:
                  - get: \(api[0])/orders?limit=1
                    expect: { status: 200, json: { "$.items": array }, latency_below: 1s }
                slo: { availability: 99%, latency: { below: 500ms, target: 99% }, window: 1d }
                interval: 2s
                # Longer than the API's own 1 s database check: a failing check is read from the answer.
                timeout: 1500ms
                window: 20s
                min_events: 10
                failure_threshold: 2
                no_traffic_after: 30s
                routes:
                  "GET /orders/{id}": { max_p99: 250ms }
                for: 4s
                resolve_after: 10s
                runbook: https://github.com/vitals/vitals/blob/main/docs/demo.md
              orders-worker:
                kind: worker
                metrics: \(worker)/metrics
                progress_within: 15s
                backlog: { max_age: 20s }
                interval: 2s
                timeout: 1s
                window: 20s
                min_events: 5
                for: 4s
                resolve_after: 10s
                runbook: https://github.com/vitals/vitals/blob/main/docs/demo.md
              daily-report:
                kind: job
                schedule: every \(DurationText.format(reportEvery))
                grace: 10s
                max_duration: 2m
                min_records: 1
                resolve_after: 10s
                runbook: https://github.com/vitals/vitals/blob/main/docs/demo.md
            """
    }

    /// Writes the spec into `dataDir` and loads it back, so what runs is exactly what the file says.
    static func write(host: String, port: Int, dataDir: String, reportEvery: Duration, api: [String], worker: String) throws -> (Spec, path: String) {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let path = "\(dataDir)/vitals.yml"
        try self.yaml(host: host, port: port, dataDir: dataDir, reportEvery: reportEvery, api: api, worker: worker)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return (try SpecFile.load(path), path)
    }
}
