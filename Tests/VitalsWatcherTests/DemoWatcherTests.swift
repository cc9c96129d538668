import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// `vitals demo` as a newcomer runs it: inject a job fault, and the demo's own watcher diagnoses it.
@Suite(.timeLimit(.minutes(3))) struct DemoWatcherTests {
    func get(_ url: String) async throws -> [String: Any] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    func diagnoses(_ port: Int) async throws -> [String] {
        let workload = try await self.get("http://127.0.0.1:\(port)/api/v1/workloads/daily-report")
        return (workload["diagnoses"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func anEmptyReportIsDiagnosedByTheDemosWatcherAndClearsAfterRecovery() async throws {
        let ports = try (0..<4).map { _ in try CrashDurabilityTests.freePort() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        let demo = try await ServerProcess.start([
            "demo", "--api-port", "\(ports[0])", "--worker-port", "\(ports[1])", "--job-port", "\(ports[2])", "--watcher-port", "\(ports[3])",
            "--data-dir", directory.path, "--report-every", "1s", "--load", "20",
        ], port: ports[3])
        defer { demo.kill() }

        // Healthy first: reports with records, nothing diagnosed.
        var healthy = false
        for _ in 0..<50 where !healthy {
            try await Task.sleep(for: .milliseconds(200))
            let workload = try await self.get("http://127.0.0.1:\(ports[3])/api/v1/workloads/daily-report")
            healthy = workload["state"] as? String == "ok" && ((workload["runs"] as? [[String: Any]])?.first?["records"] as? Int ?? 0) > 0
        }
        #expect(healthy, "the report job runs, pings and is ok")

        var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports[0])/faults")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: #"{"job": "empty"}"#))
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(5)).status == .ok)
        var seen: [String] = []
        for _ in 0..<50 where !seen.contains("job.empty_output") {
            try await Task.sleep(for: .milliseconds(200))
            seen = try await self.diagnoses(ports[3])
        }
        #expect(seen.contains("job.empty_output"), "diagnosed within seconds: \(seen)")

        var clear = HTTPClientRequest(url: "http://127.0.0.1:\(ports[0])/faults")
        clear.method = .DELETE
        _ = try await HTTPClient.shared.execute(clear, timeout: .seconds(5))
        for _ in 0..<50 where !seen.isEmpty {
            try await Task.sleep(for: .milliseconds(200))
            seen = try await self.diagnoses(ports[3])
        }
        #expect(seen.isEmpty, "cleared after recovery: \(seen)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("vitals.yml").path), "the demo's spec is there to read")
    }
}
