import Foundation
import VitalsCore

/// The spec of the watcher `vitals demo` runs beside the Orders system: it watches the report job
/// through its pings. Written to the data directory so `vitals tokens`, `vitals silence` and
/// `vitals check` work against the demo with `--config .vitals/demo/vitals.yml`.
enum DemoWatcherSpec {
    /// Demo-only credentials: the demo listens on loopback and holds no real data.
    static let pingKey = "demo-ping-key-0123456789"
    static let apiToken = "demo-api-token-0123456789"

    static func yaml(host: String, port: Int, dataDir: String, reportEvery: Duration) -> String {
        """
        # Written by `vitals demo`: the watcher that watches the demo's scheduled job through its pings.
        watcher:
          listen: \(host):\(port)
          storage: sqlite:\(dataDir)/watcher.db
          ping_key: \(self.pingKey)
          api_token: \(self.apiToken)
          evaluate_every: 2s
        workloads:
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
    static func write(host: String, port: Int, dataDir: String, reportEvery: Duration) throws -> (Spec, path: String) {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let path = "\(dataDir)/vitals.yml"
        try self.yaml(host: host, port: port, dataDir: dataDir, reportEvery: reportEvery).write(toFile: path, atomically: true, encoding: .utf8)
        return (try SpecFile.load(path), path)
    }
}
