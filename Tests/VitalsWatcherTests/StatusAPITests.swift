import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport
import VitalsWatcher

/// The status page and `/api/v1` over real HTTP: what they show, and who may read and change what.
@Suite struct StatusAPITests {
    static let token = "test-api-token-0000001"
    let day1At3 = WatcherFixture.date("2026-11-22T03:00:00Z")
    let bearer: HTTPFields = [.authorization: "Bearer \(Self.token)"]

    /// Five nightly runs (the last failed, quoting markup in its output), evaluated.
    func fixture(watcher extra: String = "") async throws -> WatcherFixture {
        let receiver = try await WebhookReceiver.start()
        receiver.stop()  // deliveries are not the subject here
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver, watcher: extra))
        for day in 0..<5 {
            let start = self.day1At3.addingTimeInterval(Double(day - 4) * 86_400)
            try await fixture.ping("nightly", .start, at: start)
            try await fixture.ping(
                "nightly",
                .finish(exitStatus: day == 4 ? 1 : 0),
                at: start.addingTimeInterval(Double(60 + day * 30)),
                records: day == 4 ? nil : 1000 + day,
                body: day == 4 ? "<script>alert(1)</script>\n" : nil
            )
        }
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.day1At3)
        _ = try await fixture.watcher.evaluator.evaluated(now: self.day1At3.addingTimeInterval(300))
        fixture.watcher.latest.set(try await fixture.watcher.evaluator.evaluated(now: self.day1At3.addingTimeInterval(301)))
        return fixture
    }

    func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any]) ?? [:]
    }

    @Test func theStatusPageShowsStatesEvidenceAndChartsOfRuns() async throws {
        let fixture = try await self.fixture()
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains("<span class=\"state firing\">firing</span>"))
                #expect(html.contains("<b>job.failed</b>"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"), "evidence is escaped")
                #expect(html.contains("<span class=\"state ok\">ok</span>"), "sync pinged in time")
                let chart = try #require(html.firstRange(of: "<svg").map { String(html[$0.lowerBound...].prefix { $0 != "\n" }) })
                #expect(chart.components(separatedBy: "<rect").count - 1 == 5, "one bar per run")
                #expect(chart.contains("<rect class=\"failed\""))
            }
            try await client.execute(uri: "/workloads/nightly", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.components(separatedBy: "<svg").count - 1 == 2, "durations and records")
                #expect(html.contains("records per run") && html.contains("exit 1") && html.contains("https://wiki.example/nightly"))
            }
            try await client.execute(uri: "/workloads/nope", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func aStalePageSaysItIsStale() async throws {
        let fixture = try await self.fixture()  // evaluated at 03:05 on the fixture's clock: hours ago
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("evaluation is failing or stalled"))
            }
            fixture.watcher.latest.set(try await fixture.watcher.evaluator.evaluated(now: Date()))
            try await client.execute(uri: "/", method: .get) { response in
                #expect(!String(buffer: response.body).contains("evaluation is failing or stalled"))
            }
        }
    }

    @Test func theAPIListsWorkloadsAlertsAndRunsAndNeverTheTokens() async throws {
        let fixture = try await self.fixture()
        let tokens = try await fixture.store.workloads().map(\.token)
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/api/v1/workloads", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(tokens.allSatisfy { !text.contains($0) }, "ping tokens are secrets")
                let workloads = self.json(response.body)["workloads"] as? [[String: Any]] ?? []
                #expect(workloads.map { $0["name"] as? String } == ["nightly", "sync"])
                #expect(workloads.map { $0["state"] as? String } == ["firing", "ok"])
            }
            try await client.execute(uri: "/api/v1/workloads/nightly", method: .get) { response in
                let detail = self.json(response.body)
                let runs = detail["runs"] as? [[String: Any]] ?? []
                #expect(runs.count == 5)
                #expect(runs.first?["outcome"] as? String == "failed" && runs.last?["records"] as? Int == 1000)
                let diagnosis = (detail["diagnoses"] as? [[String: Any]])?.first
                #expect(diagnosis?["id"] as? String == "job.failed" && diagnosis?["alert"] as? String == "firing")
            }
            try await client.execute(uri: "/api/v1/alerts", method: .get) { response in
                let alerts = self.json(response.body)["alerts"] as? [[String: Any]] ?? []
                #expect(alerts.map { "\($0["workload"] ?? "")/\($0["diagnosis"] ?? "")/\($0["phase"] ?? "")" } == ["nightly/job.failed/firing"])
            }
            try await client.execute(uri: "/api/v1/workloads/nope", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func silencesNeedTheTokenAndBadRequestsSayWhatIsWrong() async throws {
        let fixture = try await self.fixture()
        let body = ByteBuffer(
            string: #"{"workload": "nightly", "diagnosis": "job.failed", "duration": "2h", "comment": "known", "created_by": "ana"}"#
        )
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/api/v1/silences", method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"vitals\"")
            }
            try await client.execute(uri: "/api/v1/silences", method: .post, headers: [.authorization: "Bearer wrong-token-000000000"], body: body) {
                #expect($0.status == .unauthorized)
            }
            var id = 0
            try await client.execute(uri: "/api/v1/silences", method: .post, headers: self.bearer, body: body) { response in
                #expect(response.status == .created)
                let silence = self.json(response.body)
                id = silence["id"] as? Int ?? 0
                #expect(silence["workload"] as? String == "nightly" && silence["created_by"] as? String == "ana")
            }
            let problems: [(String, String)] = [
                (#"{"workload": "nightyl", "duration": "1h"}"#, #"workload: no workload is named \"nightyl\"; did you mean \"nightly\"?"#),
                (
                    #"{"workload": "nightly", "diagnosis": "job.faild", "duration": "1h"}"#,
                    #"diagnosis: \"job.faild\" is not a diagnosis id; did you mean \"job.failed\"?"#
                ),
                (#"{"workload": "nightly", "duration": "soon"}"#, #"duration: \"soon\" is not a duration such as 30m or 2h"#),
                (#"{"workload": "nightly"}"#, "send exactly one of ends_at or duration"),
                (#"{"workload": "nightly", "ends_at": "2020-01-01T00:00:00Z"}"#, "the silence ends before it starts, or in the past"),
                (#"{"workload": "nightly", "duration": "100d"}"#, "a silence may last at most 90 days; remove the workload from the spec instead"),
                ("[1, 2]", "the body is not a JSON object"),
            ]
            for (request, message) in problems {
                try await client.execute(uri: "/api/v1/silences", method: .post, headers: self.bearer, body: ByteBuffer(string: request)) {
                    response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body).contains(message), "\(request) → \(String(buffer: response.body))")
                }
            }
            try await client.execute(uri: "/api/v1/silences", method: .get) { response in
                #expect((self.json(response.body)["silences"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/silences/\(id)", method: .delete) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/silences/\(id)", method: .delete, headers: self.bearer) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/v1/silences/\(id)", method: .delete, headers: self.bearer) { #expect($0.status == .notFound) }
        }
        #expect(try await fixture.store.silences(endingAfter: Date()).isEmpty)
    }

    @Test func badgesSayTheStateAsSVGAndShieldsJSON() async throws {
        let fixture = try await self.fixture()
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/badges/nightly.svg", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/svg+xml; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache, max-age=0", "image proxies must not keep a stale state")
                let svg = String(buffer: response.body)
                #expect(svg.contains(">nightly</text>") && svg.contains(">failing</text>") && svg.contains("#cf222e"), "\(svg)")
                #expect(!svg.contains("job.failed") && !svg.contains("script"), "a badge never shows evidence")
                // A real XML parser reads it (a browser would refuse a malformed image silently).
                let parsed = try await ChildProcess.run(
                    URL(fileURLWithPath: "/usr/bin/env"),
                    [
                        "python3", "-c",
                        "import sys, xml.etree.ElementTree as t; r = t.fromstring(sys.stdin.read()); print(r.tag, r.get('aria-label'))",
                    ],
                    input: Data(svg.utf8)
                )
                #expect(parsed.output == "{http://www.w3.org/2000/svg}svg nightly: failing\n", "\(parsed.output)\(parsed.errors)")
            }
            try await client.execute(uri: "/badges/sync.json", method: .get) { response in
                #expect(response.status == .ok)
                let badge = self.json(response.body)
                #expect(badge["schemaVersion"] as? Int == 1, "shields.io's endpoint schema: \(badge)")
                #expect(badge["label"] as? String == "sync" && badge["message"] as? String == "up" && badge["color"] as? String == "#2da44e")
                #expect(badge["state"] as? String == "ok")
            }
            for path in ["/badges/nope.svg", "/badges/nightly.png", "/badges/nightly"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect((self.json(response.body)["error"] as? String)?.isEmpty == false, "\(path) says why")
                }
            }
        }
        let closed = try await self.fixture(watcher: ", public_status_page: false")
        try await closed.watcher.application.test(.live) { client in
            try await client.execute(uri: "/badges/nightly.svg", method: .get) { #expect($0.status == .unauthorized, "a private page's badges too") }
        }
    }

    @Test func aPrivateStatusPageNeedsTheTokenToo() async throws {
        let fixture = try await self.fixture(watcher: ", public_status_page: false")
        try await fixture.watcher.application.test(.live) { client in
            for path in ["/", "/workloads/nightly", "/api/v1/workloads", "/api/v1/alerts"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .unauthorized, "\(path)") }
                try await client.execute(uri: path, method: .get, headers: self.bearer) { #expect($0.status == .ok, "\(path)") }
            }
            try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .ok, "probes stay open") }
        }
    }

    @Test func withoutAnAPITokenManagementIsOff() async throws {
        let receiver = try await WebhookReceiver.start()
        receiver.stop()
        let yaml = WatcherFixture.standard(receiver: receiver).replacingOccurrences(of: ", api_token: \(Self.token)", with: "")
        let fixture = try await WatcherFixture.make(yaml)
        try await fixture.watcher.application.test(.live) { client in
            try await client.execute(uri: "/api/v1/silences", method: .post, body: ByteBuffer(string: #"{"workload": "nightly", "duration": "1h"}"#))
            { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("set watcher.api_token"))
            }
        }
    }
}
