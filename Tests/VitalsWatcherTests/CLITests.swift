import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport

/// The `vitals` commands as a user runs them: output, exit status, and no Swift stack for bad input.
@Suite struct CLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../VitalsCoreTests/Fixtures")
        .standardized

    /// Runs the `vitals` binary and waits for it without blocking a thread of the shared pool.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, errors: String) {
        let result = try await ChildProcess.run(try #require(CrashDurabilityTests.executable), arguments, environment: environment)
        return (result.status, result.output, result.errors)
    }

    @Test func checkReportsEveryProblemAndExitsOne() async throws {
        let file = Self.fixtures.appendingPathComponent("broken/many-problems.yml").path
        let result = try await self.run(["check", file])
        #expect(result.status == 1)
        #expect(result.errors.contains("\(file):5:24: workloads.nightly.schedule: \"FUNDAY\" is not a valid day of week"))
        #expect(result.errors.contains("3 problems in \(file); nothing was started"))
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("Stack dump"))
        #expect(result.output.isEmpty)
    }

    @Test func checkPrintsTheEffectiveConfigWithoutSecrets() async throws {
        let file = Self.fixtures.appendingPathComponent("valid/design.yml").path
        let result = try await self.run(
            ["check", file],
            environment: ["VITALS_PING_KEY": "0123456789abcdef0123", "SLACK_WEBHOOK_URL": "https://hooks.slack.example/T0/B0/secretpart"]
        )
        #expect(result.status == 0)
        #expect(result.output.contains("ping_key: <secret>"))
        #expect(!result.output.contains("secretpart") && !result.output.contains("0123456789abcdef0123"))
    }

    @Test func aStoreThatCannotBeOpenedFailsAtOnceWithTheServersWordsAndNoPassword() async throws {
        let server = try #require(URLComponents(string: try await TestPostgres.freshDatabase()))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cases = [
            ("postgres://nobody:hunter2@127.0.0.1:\(server.port ?? 5432)/postgres", "role \"nobody\" does not exist"),
            ("postgres://vitals:hunter2@127.0.0.1:1/vitals", "Connection refused"),
            ("postgres://127.0.0.1/vitals", "is not a PostgreSQL URL; write postgres://user[:password]@host[:port]/database"),
        ]
        for (url, expected) in cases {
            let spec = directory.appendingPathComponent("vitals.yml")
            try "watcher: { listen: \"127.0.0.1:0\", storage: \"\(url)\" }\nworkloads:\n  nightly: { kind: job, schedule: \"0 3 * * *\" }\n"
                .write(to: spec, atomically: true, encoding: .utf8)
            let result = try await self.run(["serve", "--config", spec.path])
            #expect(result.status == 1)
            #expect(result.errors.contains("vitals: error: ") && result.errors.contains(expected), "\(url): \(result.errors)")
            #expect(!result.errors.contains("hunter2"), "the password never shows")
        }
    }

    @Test func schedulePrintsUTCAndLocalRuns() async throws {
        let result = try await self.run(["schedule", "30 1 * * *", "--timezone", "Europe/London", "--from", "2026-03-28T12:00:00Z", "--next", "2"])
        #expect(result.status == 0)
        #expect(result.output == "2026-03-29T01:00:00Z 2026-03-29T02:00:00+01:00\n2026-03-30T00:30:00Z 2026-03-30T01:30:00+01:00\n")
        let bad = try await self.run(["schedule", "0 3 32 * *"])
        #expect(bad.status == 1)
        #expect(bad.errors.contains("day of month 32 is out of range 1-31"))
        #expect(bad.errors.contains("      ^"), "a caret under the field")
    }
}

/// `vitals run` and `vitals ping` against a real `vitals serve`.
@Suite struct RunCommandTests {
    /// A `vitals serve` with one job, `nightly`, in a fresh directory: the directory, port, ping key and server.
    static func serve() async throws -> (directory: URL, port: Int, key: String, server: ServerProcess) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try CrashDurabilityTests.freePort()
        let key = "run-key-0123456789abcdef"
        try """
        watcher: { listen: "127.0.0.1:\(port)", storage: "sqlite:\(directory.path)/vitals.db", ping_key: \(key) }
        workloads:
          nightly: { kind: job, schedule: "0 3 * * *" }
        """.write(to: directory.appendingPathComponent("vitals.yml"), atomically: true, encoding: .utf8)
        return (directory, port, key, try await ServerProcess.start(directory: directory, port: port))
    }

    @Test func aWrappedCommandIsReportedWithItsStatusDurationAndOutput() async throws {
        let (directory, port, key, server) = try await Self.serve()
        defer { server.kill() }
        let cli = CLITests()

        let result = try await cli.run([
            "run", "nightly", "--url", "http://127.0.0.1:\(port)", "--key", key, "--", "sh", "-c", "echo exported 12 rows; exit 3",
        ])
        #expect(result.status == 3, "the command's own status")
        #expect(result.output == "exported 12 rows\n", "output passes through")

        let store = try SQLiteStore(path: "\(directory.path)/vitals.db")
        let run = try #require(try await store.runs(workload: "nightly", limit: 1).first)
        #expect(run.exitStatus == 3)
        #expect(run.startedAt != nil, "paired with its start by rid")
        #expect((run.durationSeconds ?? -1) >= 0)
        #expect(run.logTail == "exported 12 rows\n")
    }

    // A run that waited on the unreachable watcher would run into the time limit.
    @Test(.timeLimit(.minutes(1))) func anUnreachableWatcherCostsAtMostTheTimeoutAndNeverTheStatus() async throws {
        let result = try await CLITests().run(["run", "nightly", "--url", "http://127.0.0.1:1", "--key", "k", "--timeout", "1s", "--", "true"])
        #expect(result.status == 0)
        #expect(result.errors.contains("start ping not acknowledged"))
    }

    /// A job that leaves a daemon behind (`sleep 30 &`) holding its output: `vitals run` reports the job
    /// when the job ends, not when the daemon does, and parks no thread waiting for the output to close.
    @Test func aGrandchildHoldingTheOutputDoesNotHoldTheRun() async throws {
        let (directory, port, key, server) = try await Self.serve()
        defer { server.kill() }

        var child = ChildProcess(
            try #require(CrashDurabilityTests.executable).path,
            [
                "run", "nightly", "--url", "http://127.0.0.1:\(port)", "--key", key, "--", "sh", "-c", "sleep 30 & echo started",
            ]
        )
        child.timeout = .seconds(20)
        let result = try await child.run()
        #expect(!result.timedOut, "the run ended with the job, not with the daemon it left")
        #expect(result.status == 0)
        let run = try #require(try await SQLiteStore(path: "\(directory.path)/vitals.db").runs(workload: "nightly", limit: 1).first)
        #expect(run.exitStatus == 0)
        #expect(run.logTail == "started\n")
    }
}

/// Graceful shutdown of a real `vitals serve` (issue 13, "time and lifecycle"): on SIGTERM readiness fails
/// at once, everything else still answers for the drain period, and only then does the port close.
@Suite struct DrainTests {
    func status(_ port: Int, _ path: String) async -> Int? {
        try? await Int(HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(2)).status.code)
    }

    @Test func sigtermFailsReadinessFirstDrainsThenCloses() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try CrashDurabilityTests.freePort()
        try """
        watcher: { listen: "127.0.0.1:\(port)", storage: "sqlite:\(directory.path)/vitals.db" }
        workloads:
          nightly: { kind: job, schedule: "0 3 * * *" }
        """.write(to: directory.appendingPathComponent("vitals.yml"), atomically: true, encoding: .utf8)
        let server = try await ServerProcess.start(
            ["serve", "--config", directory.appendingPathComponent("vitals.yml").path],
            port: port,
            environment: ["VITALS_DRAIN_PERIOD": "3s"]
        )
        defer { server.kill() }
        #expect(await self.status(port, "/health/ready") == 200)

        _ = kill(server.pid, SIGTERM)
        var sawDraining = false
        for _ in 0..<100 where !sawDraining {
            sawDraining = await self.status(port, "/health/ready") == 503
            if !sawDraining { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(sawDraining, "readiness fails first")
        #expect(await self.status(port, "/health/live") == 200, "while the server still answers everything else")
        #expect(await self.status(port, "/api/v1/workloads") == 200)
        #expect(await server.exited.value == .exited(0), "then it stops, cleanly")
        #expect(await self.status(port, "/health/live") == nil, "and the port is closed")
    }
}
