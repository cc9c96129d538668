import Foundation
import Testing
import VitalsProcess
import VitalsTestSupport

/// `vitals audit` as a user runs it: exit status by `--fail-on`, formats, bad input.
@Suite struct AuditCommandTests {
    static var executable: URL? {
        let build = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build")
        return ["debug", "release"].map { build.appendingPathComponent("\($0)/vitals") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }

    func run(_ arguments: [String]) async throws -> ChildProcess.Result {
        try await ChildProcess.run(try #require(Self.executable, "build vitals first (swift build)"), ["audit"] + arguments)
    }

    @Test func exitStatusFollowsFailOn() async throws {
        let project = FixtureTests.fixtures.appendingPathComponent("go-service").path
        let failing = try await self.run([project])
        #expect(failing.status == 1, "metrics.missing is an error")
        #expect(
            failing.output.contains("main.go:\n  5: warning log.unstructured")
                && failing.output.contains("\n  12: warning log.print: fmt.Println used for logging")
        )
        #expect(failing.output.contains("project:\n") && failing.output.contains("files,"))
        #expect(try await self.run([project, "--fail-on", "none"]).status == 0)
        let sarif = try await self.run([project, "--format", "sarif", "--fail-on", "none"])
        let parsed = try JSONSerialization.jsonObject(with: Data(sarif.output.utf8)) as? [String: Any]
        #expect(sarif.status == 0 && parsed?["version"] as? String == "2.1.0")
    }

    @Test func badInputIsExplained() async throws {
        let missing = try await self.run(["/nonexistent/repo"])
        #expect(missing.status != 0 && missing.errors.contains("/nonexistent/repo is not a directory"))
        let format = try await self.run([".", "--format", "xml"])
        #expect(format.status != 0 && format.errors.contains("--format xml is not one of text, json, sarif"))
        let baseline = try await self.run([".", "--baseline", "/nonexistent.json"])
        #expect(baseline.status != 0 && baseline.errors.contains("cannot read the baseline /nonexistent.json"))
    }
}
