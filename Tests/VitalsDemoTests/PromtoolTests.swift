import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Vitals
import VitalsDemo
import VitalsProcess
import VitalsTestSupport

/// The real `promtool check metrics` (Debian package `prometheus`, installed by scripts/test) must accept
/// what the demo API serves, hostile label values included.
@Suite struct PromtoolTests {
    @Test func promtoolAcceptsTheDemoAPIMetrics() async throws {
        let promtool = try #require(Promtool.path, "promtool not found: run scripts/test, which installs Debian's prometheus package")
        let fixture = try DemoFixture()
        // Label values users really produce: names with quotes, backslashes, newlines and non-ASCII.
        let hostile = "report \"eu\" \\ west\nnight – Zürich 東京"
        try await JobMonitor(signals: fixture.signals).run(hostile) { run in run.records = 3 }
        let worker = WorkerMonitor(name: hostile, signals: fixture.signals)
        worker.recordRead(source: "queue \"q\"", count: 1)
        worker.registerBacklog(queue: "Ünïcode\\queue") { Backlog(depth: 1, oldestAgeSeconds: 0.5) }

        let body = try await fixture.api().test(.live) { client in
            try await client.execute(uri: "/orders", method: .post, body: ByteBuffer(string: #"{"item":"x","quantity":1}"#)) { _ in }
            try await client.execute(uri: "/orders/1", method: .get) { _ in }
            try await client.execute(uri: "/nowhere", method: .get) { _ in }
            return try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
        }
        #expect(body.contains(#"job="report \"eu\" \\ west\nnight – Zürich 東京""#))

        let result = try await Promtool.checkMetrics(body)
        #expect(result.status == 0, "promtool check metrics at \(promtool): \(result.output)")
    }
}
