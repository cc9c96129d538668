import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitalsCore
import VitalsWatcher

/// Lists of many workloads, as `/api/v1/workloads` and the status page give them: problems first, a page at
/// a time, filtered, and refusing queries they cannot read with what to send instead.
@Suite struct WorkloadListTests {
    let now = WatcherFixture.date("2026-11-22T03:00:00Z")

    /// 250 heartbeat workers, 240 of them pinged in time (ten firing, never heard from), and a failed job
    /// whose name sorts last.
    func fleet() async throws -> WatcherFixture {
        let workers = (0..<250).map { String(format: "w-%03d: { kind: worker, heartbeat: true, progress_within: 1h }", $0) }
        let yaml = """
            watcher: { listen: "127.0.0.1:0" }
            workloads:
              zz-nightly: { kind: job, schedule: "0 3 * * *", grace: 30m }
            \(workers.map { "  " + $0 }.joined(separator: "\n"))
            """
        let fixture = try await WatcherFixture.make(yaml, now: self.now.addingTimeInterval(-7200))
        for index in 10..<250 { try await fixture.ping(String(format: "w-%03d", index), .finish(exitStatus: 0), at: self.now) }
        try await fixture.ping("zz-nightly", .start, at: self.now.addingTimeInterval(-120))
        try await fixture.ping("zz-nightly", .finish(exitStatus: 1), at: self.now.addingTimeInterval(-60))
        _ = try await fixture.watcher.evaluator.evaluated(now: self.now)
        fixture.watcher.latest.set(try await fixture.watcher.evaluator.evaluated(now: self.now.addingTimeInterval(600)))
        return fixture
    }

    func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any]) ?? [:]
    }

    @Test func pagesTogetherListEveryWorkloadOnceProblemsFirst() async throws {
        let fixture = try await self.fleet()
        try await fixture.watcher.application.test(.live) { client in
            var names: [String] = []
            var states: [String] = []
            var next: String? = ""
            while let query = next {
                try await client.execute(uri: "/api/v1/workloads" + query, method: .get) { response in
                    #expect(response.status == .ok)
                    let page = self.json(response.body)
                    let workloads = page["workloads"] as? [[String: Any]] ?? []
                    #expect(workloads.count <= 100 && page["total"] as? Int == 251 && page["matched"] as? Int == 251)
                    names += workloads.compactMap { $0["name"] as? String }
                    states += workloads.compactMap { $0["state"] as? String }
                    next = page["next"] as? String
                }
            }
            #expect(names.count == 251 && Set(names).count == 251, "every workload once across the pages")
            let order = ["firing", "unknown", "pending", "silenced", "starting", "ok", "unchecked"]
            let ranks = states.map { order.firstIndex(of: $0) ?? 99 }
            #expect(ranks == ranks.sorted(), "problems come first")
            #expect(names.prefix(11).last == "zz-nightly", "the failed job is among the problems although its name sorts last")
            #expect(states.prefix(11).allSatisfy { $0 == "firing" } && states.suffix(240).allSatisfy { $0 == "ok" })
        }
    }

    @Test func filtersByStateKindAndNameAndCountsEveryState() async throws {
        let fixture = try await self.fleet()
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/api/v1/workloads?state=ok&limit=1000", method: .get) { response in
                let page = self.json(response.body)
                #expect((page["workloads"] as? [[String: Any]])?.count == 240 && page["matched"] as? Int == 240 && page["next"] == nil)
                #expect(
                    (page["counts"] as? [String: Int])?["ok"] == 240 && (page["counts"] as? [String: Int])?["firing"] == 11,
                    "\(page["counts"] ?? "")"
                )
            }
            try await client.execute(uri: "/api/v1/workloads?kind=job", method: .get) { response in
                #expect((self.json(response.body)["workloads"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["zz-nightly"])
            }
            try await client.execute(uri: "/api/v1/workloads?q=W-24&offset=5&limit=3", method: .get) { response in
                let page = self.json(response.body)
                #expect((page["workloads"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["w-245", "w-246", "w-247"])
                #expect(page["next"] as? String == "?q=w-24&offset=8&limit=3")
            }
        }
    }

    @Test func theOverviewPagesAndLinksEveryStateWithoutJavaScript() async throws {
        let fixture = try await self.fleet()
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.components(separatedBy: "<tr><td><a href=\"/workloads/").count - 1 == 100, "one page of rows")
                #expect(html.contains("1–100 of 251") && html.contains("<a href=\"/?offset=100\">next →</a>"))
                #expect(html.contains("<a href=\"/?state=firing\">11 firing</a>") && html.contains("<a href=\"/?state=ok\">240 ok</a>"))
                #expect(html.contains("<form method=\"get\" action=\"/\">") && !html.contains("<script"))
            }
            try await client.execute(uri: "/?state=ok&offset=200", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains("201–240 of 240 matching (251 in all)") && html.contains("<a href=\"/?state=ok&amp;offset=100\">← previous</a>")
                )
                #expect(!html.contains("next →"))
            }
            try await client.execute(uri: "/?q=nothing-has-this-name", method: .get) { response in
                #expect(String(buffer: response.body).contains("no workload matches"))
            }
        }
    }

    @Test(arguments: [
        ("limit=0", "limit: \"0\" is not a page size from 1 to 1000"),
        ("limit=5000", "limit: \"5000\" is not a page size from 1 to 1000"),
        ("offset=-1", "offset: \"-1\" is not a whole number"),
        ("offset=99999999999999999999999", "offset: \"99999999999999999999999\" is not a whole number"),
        ("state=burning", "state: \"burning\" is not a state; use firing, unknown"),
        ("kind=cron", "kind: \"cron\" is not a kind; use api, worker or job"),
    ])
    func unreadableQueriesAreRefusedWithWhatToSend(query: String, message: String) async throws {
        let fixture = try await self.fleet()
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/api/v1/workloads?" + query, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect((self.json(response.body)["error"] as? String)?.hasPrefix(message) == true, "\(String(buffer: response.body))")
            }
            try await client.execute(uri: "/?" + query, method: .get) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("is not a"))
            }
        }
    }
}
