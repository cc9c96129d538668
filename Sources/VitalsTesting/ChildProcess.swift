public import Foundation

/// Runs a program to completion from async tests without blocking a thread of the shared pool.
///
/// `Process.waitUntilExit()` parks its thread on a run loop until Foundation delivers the exit; on the
/// cooperative pool (two threads on a 2-core machine) two such waits stall every test in flight. The
/// exit arrives here through `terminationHandler`, set before `run()` so a fast exit cannot be missed,
/// and output goes to files, so a child writing more than a pipe holds cannot block on a full pipe.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var reason: Process.TerminationReason
        /// Standard output as written (it may be binary).
        public var outputData: Data
        public var errors: String
        /// Standard output as text.
        public var output: String { String(decoding: self.outputData, as: UTF8.self) }
    }

    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil, input: Data? = nil) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = ["in", "out", "err"].map { directory.appendingPathComponent($0) }
        try (input ?? Data()).write(to: paths[0])
        FileManager.default.createFile(atPath: paths[1].path, contents: nil)
        FileManager.default.createFile(atPath: paths[2].path, contents: nil)
        let stdin = try FileHandle(forReadingFrom: paths[0])
        let stdout = try FileHandle(forWritingTo: paths[1])
        let stderr = try FileHandle(forWritingTo: paths[2])
        defer { for handle in [stdin, stdout, stderr] { try? handle.close() } }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let (status, reason): (Int32, Process.TerminationReason) = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: ($0.terminationStatus, $0.terminationReason)) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Result(
            status: status, reason: reason, outputData: try Data(contentsOf: paths[1]),
            errors: String(decoding: try Data(contentsOf: paths[2]), as: UTF8.self))
    }
}
