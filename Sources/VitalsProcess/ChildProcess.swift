package import Foundation
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to completion from async code: the one way Vitals starts processes (the `command`
/// notification channel, `vitals run`, and the tests' peers).
///
/// - Output goes to files, never pipes: a child that writes more than a pipe holds cannot block, and a
///   grandchild that keeps the output open (a daemon started by a cron script) cannot hold us past the
///   child's exit, because nothing waits for end-of-file.
/// - The exit is learned from the kernel (swift-subprocess monitors a pidfd on its own thread), so no
///   thread of the cooperative pool is parked, and a descriptor inherited by a grandchild cannot delay it
///   as it delays Foundation's `Process.terminationHandler` on Linux.
/// - The child leads a process group of its own; a timeout kills the whole group, grandchildren included.
///
/// ```swift
/// var child = ChildProcess("/bin/sh", ["-c", command])
/// child.timeout = .seconds(10)
/// let result = try await child.run()
/// ```
package struct ChildProcess: Sendable {
    /// Standard output or standard error.
    package enum Stream: Sendable { case output, error }

    /// The program: an absolute path.
    package var executable: String
    package var arguments: [String]
    /// Added to this process's environment.
    package var environment: [String: String] = [:]
    /// Written to standard input, from a file.
    package var input = Data()
    /// Past this, the whole process group is killed; nil waits as long as the child runs.
    package var timeout: Duration?
    /// Receives output while the child runs (every ``followEvery``), for passing it through.
    package var onOutput: (@Sendable (Stream, [UInt8]) -> Void)?
    /// How often output is forwarded to ``onOutput``. Default 100 ms.
    package var followEvery: Duration = .milliseconds(100)
    /// Keep at most this many bytes (the last) of each stream in the result; everything when nil.
    package var keepLast: Int?

    package init(_ executable: String, _ arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
    }

    /// How a child ended.
    package struct Result: Sendable {
        /// The exit status, or the signal that ended it.
        package enum Status: Sendable, Hashable {
            case exited(Int32)
            case signaled(Int32)
        }

        package var terminated: Status
        /// The timeout fired and the group was killed.
        package var timedOut: Bool
        /// Standard output as written (it may be binary); only the last ``ChildProcess/keepLast`` bytes when set.
        package var outputData: Data
        package var errorData: Data

        /// The shell's convention: the exit code, or 128 + n for signal n.
        package var status: Int32 {
            switch self.terminated {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        }

        /// Standard output as text.
        package var output: String { String(decoding: self.outputData, as: UTF8.self) }
        /// Standard error as text.
        package var errors: String { String(decoding: self.errorData, as: UTF8.self) }
    }

    /// Runs the child to its end. Throws when it cannot be started (no such program, no temporary directory).
    /// - Parameters:
    ///   - clock: times ``timeout`` and the output forwarding.
    ///   - onStart: called with the child's process id once it runs (its process group has the same id).
    package func run(clock: some Clock<Duration> = ContinuousClock(), onStart: (@Sendable (Int32) -> Void)? = nil) async throws -> Result {
        let files = try OutputFiles(input: self.input)
        defer { files.remove() }
        let group = ProcessGroup()
        let follower = self.onOutput.map { OutputFollower(files: files, deliver: $0) }

        let (status, timedOut) = try await withThrowingTaskGroup(of: Event.self) { tasks in
            tasks.addTask {
                let execution = try await Subprocess.run(
                    .path(FilePath(self.executable)),
                    arguments: Arguments(self.arguments),
                    environment: .inherit.updating(
                        Dictionary(uniqueKeysWithValues: self.environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })
                    ),
                    platformOptions: Self.ownProcessGroup,
                    input: .fileDescriptor(try files.open(.input), closeAfterSpawningProcess: true),
                    output: .fileDescriptor(try files.open(.output), closeAfterSpawningProcess: true),
                    error: .fileDescriptor(try files.open(.error), closeAfterSpawningProcess: true)
                ) { execution in
                    group.started(execution.processIdentifier.value)
                    onStart?(execution.processIdentifier.value)
                }
                switch execution.terminationStatus {
                case .exited(let code): return .exited(.exited(code))
                case .signaled(let signal): return .exited(.signaled(signal))
                }
            }
            if let timeout = self.timeout {
                tasks.addTask {
                    try await clock.sleep(for: timeout)
                    return .timedOut
                }
            }
            if let follower {
                let every = self.followEvery
                tasks.addTask {
                    while !Task.isCancelled {
                        follower.forward()
                        try? await clock.sleep(for: every)
                    }
                    return .followed
                }
            }
            var timedOut = false
            while let event = try await tasks.next() {
                switch event {
                case .exited(let status):
                    tasks.cancelAll()
                    return (status, timedOut)
                case .timedOut:
                    // The whole group: a shell's children would otherwise outlive it.
                    group.killAll()
                    timedOut = true
                case .followed:
                    break
                }
            }
            throw CancellationError()
        }
        follower?.forward()
        return Result(
            terminated: status,
            timedOut: timedOut,
            outputData: try files.read(.output, last: self.keepLast),
            errorData: try files.read(.error, last: self.keepLast)
        )
    }

    private enum Event: Sendable {
        case exited(Result.Status)
        case timedOut
        case followed
    }

    private static var ownProcessGroup: PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        return options
    }
}

/// The child's process group, known once it runs.
private final class ProcessGroup: Sendable {
    private let leader = Mutex<Int32?>(nil)

    func started(_ pid: Int32) { self.leader.withLock { $0 = pid } }

    /// SIGKILL to every process of the group.
    func killAll() {
        if let pid = self.leader.withLock({ $0 }) { _ = kill(-pid, SIGKILL) }
    }
}
