import AsyncHTTPClient
import Foundation
import GRDB
import HTTPTypes
import NIOCore
import NIOHTTP1
import Testing
import VitalsProcess

/// The real `vitals serve` stopped with SIGTERM and SIGKILL: a sent notification is never repeated,
/// and one that was due when the watcher died is delivered after it comes back.
@Suite(.timeLimit(.minutes(3))) struct RestartTests {
    let token = "restart-token-0000000001"

    func writeSpec(in directory: URL, port: Int, receiver: WebhookReceiver) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
        watcher: { listen: "127.0.0.1:\(port)", storage: "sqlite:\(directory.path)/vitals.db", evaluate_every: 200ms }
        notify:
          - { name: hook, webhook: { url: "\(receiver.url)" } }
        workloads:
          nightly: { kind: job, schedule: "every 1h", token: \(self.token) }
        """.write(to: directory.appendingPathComponent("vitals.yml"), atomically: true, encoding: .utf8)
    }

    func failPing(port: Int) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/ping/\(self.token)/fail")
        request.method = .POST
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(5)).status.code == 200)
    }

    /// Polls until `condition` holds or `seconds` pass.
    func eventually(_ seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }

    @Test func aSentNotificationIsNotRepeatedAfterSIGTERMOrSIGKILL() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID().uuidString)")
        let port = try CrashDurabilityTests.freePort()
        try self.writeSpec(in: directory, port: port, receiver: receiver)

        var server = try await ServerProcess.start(directory: directory, port: port)
        try await self.failPing(port: port)
        #expect(try await self.eventually(15) { receiver.requests.count == 1 }, "the failure is notified")
        #expect(await server.stop(SIGTERM) == .exited(0))
        for signal in [SIGKILL, SIGTERM] {
            server = try await ServerProcess.start(directory: directory, port: port)
            try await Task.sleep(for: .seconds(2))  // ten evaluation cycles
            await server.stop(signal)
        }
        #expect(receiver.requests.count == 1, "not repeated by either restart")
    }

    @Test func aNotificationDueWhenTheWatcherWasKilledIsDeliveredAfterItReturns() async throws {
        // The receiver is down (503) while the watcher runs: the notification waits in the outbox.
        let receiver = try await WebhookReceiver.start { _ in (.serviceUnavailable, [.retryAfter: "1"]) }
        defer { receiver.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID().uuidString)")
        let port = try CrashDurabilityTests.freePort()
        try self.writeSpec(in: directory, port: port, receiver: receiver)

        let server = try await ServerProcess.start(directory: directory, port: port)
        try await self.failPing(port: port)
        #expect(try await self.eventually(15) { receiver.requests.count >= 1 })
        // Killed once the failed attempt is recorded: killed mid-attempt, the row would wait out its
        // 60 s lease first (AlertingTests covers that on a manual clock).
        let database = try DatabaseQueue(path: "\(directory.path)/vitals.db")
        #expect(
            try await self.eventually(15) {
                (try? database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox WHERE attempts >= 1 AND leased_until IS NULL") }) == 1
            }
        )
        #expect(await server.stop(SIGKILL) == .signaled(SIGKILL))

        receiver.answer { _ in (.ok, [:]) }
        let attemptsBefore = receiver.requests.count
        let back = try await ServerProcess.start(directory: directory, port: port)
        defer { back.kill() }
        #expect(try await self.eventually(20) { receiver.requests.count == attemptsBefore + 1 }, "delivered after the restart")
        try await Task.sleep(for: .seconds(2))
        #expect(receiver.requests.count == attemptsBefore + 1, "and once")
        #expect(Set(receiver.requests.compactMap(\.idempotencyKey)).count == 1, "every attempt carried the same key")
    }
}
