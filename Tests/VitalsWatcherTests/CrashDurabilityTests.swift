import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import VitalsProcess

/// `kill -9` during a burst of pings: every ping that got a 2xx is in the database afterwards, and the
/// file passes `PRAGMA integrity_check`. Runs the real `vitals serve` binary.
@Suite(.timeLimit(.minutes(3))) struct CrashDurabilityTests {
    /// The `vitals` executable built next to this test bundle.
    static var executable: URL? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            beside.appendingPathComponent("vitals"), beside.deletingLastPathComponent().appendingPathComponent("vitals"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/vitals").standardized,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func freePort() throws -> Int { Self.bind(port: 0) ?? 0 }

    /// The first of `count` consecutive free ports (the demo's API instances listen on consecutive ports).
    static func freePorts(consecutive count: Int) throws -> Int {
        for _ in 0..<50 {
            let first = try self.freePort()
            if first + count <= 65535, (1..<count).allSatisfy({ self.bind(port: first + $0) != nil }) { return first }
        }
        throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "no \(count) consecutive free ports"])
    }

    /// Binds a loopback socket to `port` (0: any) and closes it; the port bound, or nil when it is taken.
    private static func bind(port: Int) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    @Test func everyAcknowledgedPingSurvivesKillNine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try Self.freePort()
        let token = "crash-token-000000000001"
        try """
        watcher: { listen: "127.0.0.1:\(port)", storage: "sqlite:\(directory.path)/vitals.db", ping_rate: 0 }
        workloads:
          burst: { kind: job, schedule: "every 1m", token: \(token), retention: 1000000 }
        """.write(to: directory.appendingPathComponent("vitals.yml"), atomically: true, encoding: .utf8)

        let server = try await ServerProcess.start(directory: directory, port: port)
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    while true {
                        let records = tally.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/ping/\(token)/0?records=\(records)")
                        request.method = .POST
                        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)) else { return }
                        if response.status.code == 200 { tally.acknowledged.withLock { _ = $0.insert(records) } }
                    }
                }
            }
            group.addTask {
                // Killed mid-burst: once a good number is acknowledged, however loaded the machine is.
                for _ in 0..<200 where tally.acknowledged.withLock({ $0.count }) < 200 { try await Task.sleep(for: .milliseconds(50)) }
                #expect(await server.stop(SIGKILL) == .signaled(SIGKILL))
            }
            try await group.waitForAll()
        }

        let queue = try DatabaseQueue(path: "\(directory.path)/vitals.db")
        let (stored, integrity) = try await queue.read { db in
            (
                Set(try Int.fetchAll(db, sql: "SELECT records FROM pings WHERE workload = 'burst'")),
                try String.fetchOne(db, sql: "PRAGMA integrity_check")
            )
        }
        let acked = tally.acknowledged.withLock { $0 }
        #expect(acked.count >= 200, "the burst was under way when the watcher died (\(acked.count) acknowledged)")
        #expect(acked.subtracting(stored).isEmpty, "acknowledged but lost: \(acked.subtracting(stored).sorted().prefix(10))")
        #expect(integrity == "ok")
    }
}

/// Shared by the pinging tasks: the next `records` value to send and the ones acknowledged.
final class Tally: Sendable {
    let next = Atomic<Int>(0)
    let acknowledged = Mutex<Set<Int>>([])
}
