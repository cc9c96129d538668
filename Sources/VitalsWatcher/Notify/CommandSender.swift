import Foundation
import Synchronization
import VitalsCore

/// `command` channels: runs `/bin/sh -c <run>` with the webhook's JSON on standard input and the
/// essentials in `VITALS_*` variables. Exit 0 is delivered; any other exit, or running past the
/// timeout (the shell is then killed), is a failure that backs off and retries like HTTP.
struct CommandSender: Sendable {
    var timeout: Duration

    func send(_ message: NotificationMessage, command: String) async -> ChannelSender.Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vitals-command-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Files, not pipes: a command that does not read its input, or writes a lot, cannot block the watcher.
            let input = directory.appendingPathComponent("message.json"), errors = directory.appendingPathComponent("stderr")
            try message.webhookBody().write(to: input)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            let stdin = try FileHandle(forReadingFrom: input), stderr = try FileHandle(forWritingTo: errors)
            defer {
                try? stdin.close()
                try? stderr.close()
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.environment = ProcessInfo.processInfo.environment.merging([
                "VITALS_WORKLOAD": message.workload, "VITALS_STATUS": message.status, "VITALS_TITLE": message.title,
                "VITALS_IDEMPOTENCY_KEY": message.idempotencyKey, "VITALS_STATUS_URL": message.statusURL,
            ]) { _, new in new }
            process.standardInput = stdin
            process.standardOutput = FileHandle.nullDevice
            process.standardError = stderr
            let killed = TimeoutFlag()
            let (exits, exited) = AsyncStream.makeStream(of: Int32.self)
            process.terminationHandler = { exited.yield($0.terminationStatus) }
            try process.run()
            let pid = process.processIdentifier, timeout = self.timeout
            let watchdog = Task {
                try await Task.sleep(for: timeout)
                // The whole process group: Foundation starts the shell as a group leader, and a grandchild
                // left alive would hold the descriptor by which Foundation learns of the exit.
                if killed.fire() { kill(-pid, SIGKILL) }
            }
            var iterator = exits.makeAsyncIterator()
            let status = await iterator.next() ?? -1
            watchdog.cancel()
            guard !killed.disarm() else { return .failed("the command ran past \(DurationText.format(self.timeout)) and was killed", retryAfter: nil) }
            if status == 0 { return .delivered }
            let said = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self).suffix(200)
            return .failed("the command exited \(status)" + (said.isEmpty ? "" : ": \(said)"), retryAfter: nil)
        } catch {
            return .failed("the command could not be run: \(error)", retryAfter: nil)
        }
    }
}

/// Decides once between "the process ended" and "the timeout killed it".
private final class TimeoutFlag: Sendable {
    private let state = Mutex(0)  // 0 pending, 1 timed out, 2 finished

    /// The timeout fires; true if the process had not finished.
    func fire() -> Bool {
        self.state.withLock { state in
            guard state == 0 else { return false }
            state = 1
            return true
        }
    }

    /// The process finished; true if the timeout had fired first.
    func disarm() -> Bool {
        self.state.withLock { state in
            if state == 1 { return true }
            state = 2
            return false
        }
    }
}
