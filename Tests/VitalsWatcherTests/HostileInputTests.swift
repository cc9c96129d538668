import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitalsCore
import VitalsWatcher

@testable import VitalsStore

/// Issue 13's defects that reach the running watcher: stored rows it would refuse today, non-finite values
/// in its charts, bodies and logs from outside, credentials in URLs and links that are not links.
@Suite struct HostileInputTests {
    let day1At3 = WatcherFixture.date("2026-11-22T03:00:00Z")

    /// Defects 1 and 2, persistent form: rows written by an older version or by hand, with a duration of
    /// 1e300 s and `Int.max` records. Evaluation goes on; the page and the API answer.
    @Test func storedRowsTodaysParserWouldRefuseDoNotStopEvaluation() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        for day in 0..<7 {
            let start = self.day1At3.addingTimeInterval(Double(day - 6) * 86_400)
            try await fixture.ping("nightly", .start, at: start)
            try await fixture.ping("nightly", .finish(exitStatus: 0), at: start.addingTimeInterval(60), records: day == 6 ? 0 : 5)
        }
        try await fixture.store.pool.write { db in
            try db.execute(sql: "UPDATE runs SET duration = 1e300, records = 9223372036854775807 WHERE workload = 'nightly' AND records = 5")
            try db.execute(sql: "UPDATE runs SET started_at = 1e300 WHERE workload = 'nightly' AND id = (SELECT MIN(id) FROM runs)")
        }
        let evaluation = try await fixture.watcher.evaluator.evaluated(now: self.day1At3.addingTimeInterval(600))
        let nightly = evaluation.diagnoses["nightly"] ?? []
        #expect(nightly.contains { $0.id == .jobEmptyOutput }, "0 records is still judged: \(nightly)")
        fixture.watcher.latest.set(evaluation)
        try await fixture.watcher.application.test(.router) { client in
            for path in ["/", "/workloads/nightly", "/api/v1/workloads", "/api/v1/workloads/nightly"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .ok, "\(path)") }
            }
        }
    }

    /// Defect 4: one `+Inf` backlog and one NaN age stored in the minute rollups used to trap every later
    /// `GET /`, restarts included. The charts draw them as gaps.
    @Test func nonFiniteRollupsAreGapsOnThePage() async throws {
        let yaml = """
            watcher: { listen: "127.0.0.1:0" }
            workloads:
              orders-worker: { kind: worker, metrics: "http://127.0.0.1:1/metrics" }
            """
        let now = Date()
        let minute = Int64(now.timeIntervalSince1970 / 60)
        let first = try await WatcherFixture.make(yaml, now: now)
        var rollups: [StoredRollup] = []
        for offset in 0..<5 {
            var rollup = MinuteRollup(minute: minute - Int64(offset))
            rollup.scrapes = 4
            rollup.backlog = offset == 2 ? .infinity : Double(offset)
            rollup.oldestAge = offset == 3 ? .nan : 1
            rollups.append(StoredRollup(workload: "orders-worker", rollup: rollup))
        }
        try await first.store.recordRollups(rollups, forgetBefore: 0)
        let restarted = try await first.restarted(now: now)
        try await restarted.watcher.application.test(.router) { client in
            for path in ["/", "/workloads/orders-worker"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(String(buffer: response.body).contains("<svg"))
                }
            }
        }
    }

    /// Defect 6: a silence longer than any silence may last is a 400 with a sentence, not a trap.
    @Test func aSilenceOfNineteenDigitsOfSecondsIsRefused() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await fixture.watcher.application.test(.router) { client in
            let body = #"{"workload": "nightly", "duration": "9999999999999999999s", "created_by": "ana"}"#
            try await client.execute(
                uri: "/api/v1/silences",
                method: .post,
                headers: [.authorization: "Bearer test-api-token-0000001"],
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("longer than a silence may last"))
            }
        }
    }

    /// Defects 14 and 15: a NUL byte no longer cuts the stored log, and `/log` pings cannot grow a run's log
    /// past 100 kB; what a diagnosis reads of it is the tail.
    @Test func logsKeepTheirNulsAndStayBounded() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await fixture.ping("nightly", .start, at: self.day1At3)
        try await fixture.store.record(
            try PingParser.parse(suffix: "log", query: [:], body: Array("\0first line\n".utf8), receivedAt: self.day1At3),
            workload: "nightly",
            retention: 100
        )
        let chunk = String(repeating: "y", count: 60_000) + "\n"
        for index in 0..<4 {
            try await fixture.ping("nightly", .log, at: self.day1At3.addingTimeInterval(Double(index + 1)), body: chunk)
        }
        let stored = try #require(try await fixture.store.pool.read { db in try String.fetchOne(db, sql: "SELECT log FROM runs") })
        #expect(stored.count == JobRunRecord.logLimit, "kept to the last 100 kB")
        #expect(stored.hasSuffix("y\n"), "the newest output is what is kept")

        let fresh = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await fresh.store.record(
            try PingParser.parse(suffix: "1", query: [:], body: Array("\0boom: disk full".utf8), receivedAt: self.day1At3),
            workload: "nightly",
            retention: 100
        )
        let tail = try #require(try await fresh.store.runs(workload: "nightly", limit: 1).first?.logTail)
        #expect(tail == "␀boom: disk full", "a body that starts with NUL is stored whole")
    }
}
