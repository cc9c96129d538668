import ArgumentParser
import Foundation
import Logging
import Synchronization
import Vitals
import VitalsProcess

/// `vitals run`: wraps a command in start and finish pings, for cron lines.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command between a start and a finish ping; exit with the command's status.",
        discussion: """
            The finish ping carries the exit status, the duration and the last 10 kB of output.
            Output still reaches this process's stdout and stderr. A watcher that cannot be reached
            delays the command by at most --timeout per ping and never changes its exit status.
              0 3 * * *  vitals run nightly-report --url http://watcher:9100 -- /usr/local/bin/report
            """
    )

    /// Output kept for the finish ping.
    static let tailBytes = 10_000

    @Argument(help: "The workload, as named in vitals.yml.") var workload: String
    @OptionGroup var options: PingOptions
    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.") var command: [String] = []

    func validate() throws {
        guard !self.command.isEmpty else { throw ValidationError("give the command after --, e.g. vitals run nightly -- ./report.sh") }
    }

    func run() async throws {
        let client = PingClient(target: try self.options.target(), logger: Logger(label: "vitals.run", factory: { _ in SwiftLogNoOpLogHandler() }))
        let rid = UUID().uuidString.lowercased()
        if !(await client.ping(job: self.workload, suffix: "start", query: [("rid", rid)])) {
            FileHandle.standardError.write(Data("vitals: warning: start ping not acknowledged; running anyway\n".utf8))
        }
        let started = ContinuousClock.now
        let (status, tail) = await CommandRunner.run(self.command, keepingLast: Self.tailBytes)
        let seconds = (ContinuousClock.now - started).components
        let duration = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
        let query = [("rid", rid), ("duration", String(format: "%.3f", duration))]
        if !(await client.ping(job: self.workload, suffix: String(status), query: query, body: tail)) {
            FileHandle.standardError.write(Data("vitals: warning: finish ping not acknowledged\n".utf8))
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// Runs a command, passing its output through while keeping the tail of both streams, in the order read.
enum CommandRunner {
    /// The exit status (127 when the command cannot be started, 128 + n for signal n) and the output's tail.
    static func run(_ command: [String], keepingLast limit: Int) async -> (Int32, String) {
        let tail = Tail(limit: limit)
        var child = ChildProcess("/usr/bin/env", command)
        child.onOutput = { stream, bytes in
            (stream == .output ? FileHandle.standardOutput : FileHandle.standardError).write(Data(bytes))
            tail.append(bytes)
        }
        // The tail is built as output arrives; the files need not be read again.
        child.keepLast = 0
        do {
            let result = try await child.run()
            return (result.status, tail.text)
        } catch {
            let message = "vitals: cannot start \(command[0]): \(error)\n"
            FileHandle.standardError.write(Data(message.utf8))
            tail.append(Array(message.utf8))
            return (127, tail.text)
        }
    }

    final class Tail: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        private let limit: Int

        init(limit: Int) { self.limit = limit }

        func append(_ data: [UInt8]) {
            self.bytes.withLock { bytes in
                bytes.append(contentsOf: data)
                if bytes.count > self.limit { bytes.removeFirst(bytes.count - self.limit) }
            }
        }

        var text: String { String(decoding: self.bytes.withLock { $0 }, as: UTF8.self) }
    }
}
