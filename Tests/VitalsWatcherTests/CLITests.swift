import Foundation
import Testing

/// The `vitals` commands as a user runs them: output, exit status, and no Swift stack for bad input.
@Suite struct CLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../VitalsCoreTests/Fixtures").standardized

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try #require(CrashDurabilityTests.executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func checkReportsEveryProblemAndExitsOne() throws {
        let file = Self.fixtures.appendingPathComponent("broken/many-problems.yml").path
        let result = try self.run(["check", file])
        #expect(result.status == 1)
        #expect(result.errors.contains("\(file):5:24: workloads.nightly.schedule: \"FUNDAY\" is not a valid day of week"))
        #expect(result.errors.contains("3 problems in \(file); nothing was started"))
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("Stack dump"))
        #expect(result.output.isEmpty)
    }

    @Test func checkPrintsTheEffectiveConfigWithoutSecrets() throws {
        let file = Self.fixtures.appendingPathComponent("valid/design.yml").path
        let result = try self.run(
            ["check", file], environment: ["VITALS_PING_KEY": "0123456789abcdef0123", "SLACK_WEBHOOK_URL": "https://hooks.slack.example/T0/B0/secretpart"])
        #expect(result.status == 0)
        #expect(result.output.contains("ping_key: <secret>"))
        #expect(!result.output.contains("secretpart") && !result.output.contains("0123456789abcdef0123"))
    }

    @Test func schedulePrintsUTCAndLocalRuns() throws {
        let result = try self.run(["schedule", "30 1 * * *", "--timezone", "Europe/London", "--from", "2026-03-28T12:00:00Z", "--next", "2"])
        #expect(result.status == 0)
        #expect(result.output == "2026-03-29T01:00:00Z 2026-03-29T02:00:00+01:00\n2026-03-30T00:30:00Z 2026-03-30T01:30:00+01:00\n")
        let bad = try self.run(["schedule", "0 3 32 * *"])
        #expect(bad.status == 1)
        #expect(bad.errors.contains("day of month 32 is out of range 1-31"))
        #expect(bad.errors.contains("      ^"), "a caret under the field")
    }
}
