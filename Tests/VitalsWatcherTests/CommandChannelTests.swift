import Foundation
import Testing
import VitalsCore
import VitalsStore
import VitalsWatcher

/// `command` channels: a real shell command gets the message on stdin and VITALS_* in its environment;
/// a non-zero exit or a command that runs too long is retried, never counted as delivered.
@Suite(.timeLimit(.minutes(3))) struct CommandChannelTests {
    let day1At3 = WatcherFixture.date("2026-11-22T03:00:00Z")
    func at(_ minutes: Double) -> Date { self.day1At3.addingTimeInterval(minutes * 60) }

    func fixture(run: String) async throws -> (WatcherFixture, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let yaml = """
            notify:
              - { name: hook, command: { run: "\(run.replacingOccurrences(of: "DIR", with: directory.path))" } }
            workloads:
              nightly: { kind: job, schedule: "0 3 * * *" }
            """
        let fixture = try await WatcherFixture.make(yaml)
        try await fixture.ping("nightly", .finish(exitStatus: 1), at: self.at(1), body: "boom\n")
        return (fixture, directory)
    }

    @Test func theCommandGetsTheMessageOnStdinAndTheEssentialsInItsEnvironment() async throws {
        let (fixture, directory) = try await self.fixture(
            run: "cat > DIR/message.json; echo \\\"$VITALS_STATUS $VITALS_WORKLOAD $VITALS_IDEMPOTENCY_KEY\\\" > DIR/env"
        )
        try await fixture.cycle(at: self.at(3))
        let message = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("message.json"))) as? [String: Any]
        )
        #expect(message["workload"] as? String == "nightly" && message["status"] as? String == "firing")
        let environment = try String(contentsOf: directory.appendingPathComponent("env"), encoding: .utf8)
        #expect(environment == "firing nightly nightly/job.failed/\(Int(self.at(3).timeIntervalSince1970))/fire\n")
        #expect(try await fixture.store.queuedNotifications().isEmpty, "exit 0: delivered")
    }

    @Test(.timeLimit(.minutes(1))) func aFailingOrHangingCommandIsRetriedNotDelivered() async throws {
        let (failing, _) = try await self.fixture(run: "echo no route to pager >&2; exit 3")
        try await failing.cycle(at: self.at(3))
        #expect(try await failing.store.queuedNotifications().first?.lastError == "the command exited 3: no route to pager\n")

        let (hanging, _) = try await self.fixture(run: "sleep 30")
        var notifier = hanging.watcher.notifier
        notifier.commandTimeout = .seconds(1)
        _ = try await hanging.watcher.evaluator.evaluated(now: self.at(3))
        // Killed at its timeout, not waited for: the error says so, and a wait would run into the time limit.
        try await notifier.deliverDue(now: self.at(3))
        #expect(try await hanging.store.queuedNotifications().first?.lastError == "the command ran past 1s and was killed")
    }
}
