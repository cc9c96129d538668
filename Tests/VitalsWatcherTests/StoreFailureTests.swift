import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Vitals
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport
import VitalsWatcher

#if canImport(Glibc)
import Glibc
#endif

/// Issue 13's defects 11 and 12: a store another process has locked answers pings with 503 in bounded time
/// and never stores what it refused, readiness says whether the store can commit, and a store this
/// process could only read is refused at start rather than failing every ping.
@Suite struct StoreFailureTests {
    static let yaml = """
        watcher: { listen: "127.0.0.1:0" }
        workloads:
          nightly: { kind: job, schedule: "0 3 * * *", token: nightly-token-00000001 }
        """

    /// Holds an exclusive lock on the SQLite file from another process (Python's sqlite3) until `release`
    /// exists; returns once the lock is taken.
    static func lock(_ path: String, until release: String) async throws -> Task<Void, Never> {
        let locked = path + ".locked"
        let script = """
            import os, sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
            c.execute("BEGIN EXCLUSIVE")
            open(sys.argv[2], "w").close()
            while not os.path.exists(sys.argv[3]): time.sleep(0.05)
            c.execute("ROLLBACK")
            """
        let holder = Task { _ = try? await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, path, locked, release]) }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: locked) { try await Task.sleep(for: .milliseconds(50)) }
        try #require(FileManager.default.fileExists(atPath: locked), "the lock was not taken")
        return holder
    }

    @Test func aLockedStoreAnswers503AndNeverStoresWhatItRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("locked-\(UUID().uuidString)")
        let path = directory.appendingPathComponent("vitals.db").path
        let store = try SQLiteStore(path: path)
        let health = HealthRegistry()
        health.markStarted()
        let watcher = try await Watcher(
            spec: try SpecLoader.parse(Self.yaml, file: "vitals.yml", environment: [:]),
            store: store,
            signals: SignalRegistry(),
            health: health,
            logger: WatcherFixture.quiet
        )
        let release = directory.appendingPathComponent("release").path
        let holder = try await Self.lock(path, until: release)
        try await watcher.application.test(.router) { client in
            try await client.execute(uri: "/ping/nightly-token-00000001/0", method: .post) { response in
                #expect(response.status == .serviceUnavailable, "refused, so the client retries")
            }
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable, "not ready while nothing can be committed")
            }
            FileManager.default.createFile(atPath: release, contents: nil)
            await holder.value
            #expect(try await store.pingCount(workload: "nightly") == 0, "what was answered 503 was not stored later")
            try await client.execute(uri: "/ping/nightly-token-00000001/0", method: .post) { #expect($0.status == .ok) }
            #expect(try await store.pingCount(workload: "nightly") == 1, "the retry is the only ping: no duplicate run")
            // Readiness results are cached for a second: ask until the cache has turned over.
            var ready = false
            for _ in 0..<30 where !ready {
                try await client.execute(uri: "/health/ready", method: .get) { ready = $0.status == .ok }
                if !ready { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(ready, "ready again, without a restart")
        }
    }

    /// Root writes whatever the file mode says, so the refusal only means something for other users.
    @Test(.enabled(if: geteuid() != 0, "root can write a read-only file"))
    func aStoreThisProcessCannotWriteIsRefusedAtStart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("readonly-\(UUID().uuidString)")
        let path = directory.appendingPathComponent("vitals.db").path
        _ = try SQLiteStore(path: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            "\(error)".contains("is read-only for this process")
        }
    }
}
