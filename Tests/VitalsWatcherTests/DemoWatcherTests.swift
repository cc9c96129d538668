import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// `vitals demo` as a newcomer runs it: inject a job fault, and the demo's own watcher diagnoses it.
@Suite(.timeLimit(.minutes(3))) struct DemoWatcherTests {
    func diagnoses(_ port: Int) async throws -> [String] {
        let workload = try await DemoProcess.json("http://127.0.0.1:\(port)/api/v1/workloads/daily-report")
        return (workload["diagnoses"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func anEmptyReportIsDiagnosedByTheDemosWatcherAndClearsAfterRecovery() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        let demo = try await DemoProcess.start(dataDir: directory, reportEvery: "1s")
        defer { demo.kill() }

        // Healthy first: reports with records, nothing diagnosed.
        var healthy = false
        for _ in 0..<50 where !healthy {
            try await Task.sleep(for: .milliseconds(200))
            let workload = try await DemoProcess.json("http://127.0.0.1:\(demo.watcher)/api/v1/workloads/daily-report")
            healthy = workload["state"] as? String == "ok" && ((workload["runs"] as? [[String: Any]])?.first?["records"] as? Int ?? 0) > 0
        }
        #expect(healthy, "the report job runs, pings and is ok")

        #expect(try await demo.faults(.POST, #"{"job": "empty"}"#) == .ok)
        var seen: [String] = []
        for _ in 0..<50 where !seen.contains("job.empty_output") {
            try await Task.sleep(for: .milliseconds(200))
            seen = try await self.diagnoses(demo.watcher)
        }
        #expect(seen.contains("job.empty_output"), "diagnosed within seconds: \(seen)")

        _ = try await demo.faults(.DELETE)
        for _ in 0..<50 where !seen.isEmpty {
            try await Task.sleep(for: .milliseconds(200))
            seen = try await self.diagnoses(demo.watcher)
        }
        #expect(seen.isEmpty, "cleared after recovery: \(seen)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("vitals.yml").path), "the demo's spec is there to read")
    }
}
