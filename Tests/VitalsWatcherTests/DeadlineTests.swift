import AsyncHTTPClient
import Foundation
import Hummingbird
import Testing
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport
import VitalsTesting

@testable import VitalsWatcher

/// Issue 13's defects 5, 7, 8, 9 and 18: every exchange with the outside has one deadline over all of it,
/// and what a receiver says (Retry-After, credentials in its URL) is taken as far as it is sane.
@Suite struct DeadlineTests {
    let day1At3 = WatcherFixture.date("2026-11-22T03:00:00Z")

    /// Defect 7: headers at once, then a body that never ends. The scrape fails at its deadline, explained.
    @Test func aTargetThatStallsItsBodyFailsTheScrapeAtTheDeadline() async throws {
        let target = try StallingTarget()
        let client = ExpositionFetcher.makeClient()
        defer { Task { try? await client.shutdown() } }
        var fetcher = ExpositionFetcher(client: client)
        fetcher.timeout = .milliseconds(500)
        do {
            _ = try await fetcher.fetch("http://127.0.0.1:\(target.port)/metrics")
            Issue.record("a body that never ends was accepted")
        } catch let failure as ExpositionFetcher.Failure {
            #expect(failure.reason == "no complete answer within 500ms")
            #expect(failure.kind == .target)
        }
    }

    /// Defect 7, as a user meets it: `vitals inspect` on such a target ends, with the reason, exit 1.
    @Test func inspectEndsOnATargetThatStalls() async throws {
        let target = try StallingTarget()
        let vitals = try #require(CrashDurabilityTests.executable)
        let result = try await ChildProcess.run(vitals, ["inspect", "http://127.0.0.1:\(target.port)/metrics", "--timeout", "500ms"])
        #expect(result.status == 1)
        #expect(result.errors.contains("no complete answer within 500ms"), "\(result.errors)")
    }

    /// Defect 8: a sub-second timeout is a sub-second timeout, not zero (only whole seconds used to be read).
    @Test func aSubSecondTimeoutScrapes() async throws {
        let router = Router()
        router.get("/metrics") { _, _ -> String in "# TYPE up gauge\nup 1\n" }
        let server = try await LocalServer.start(router)
        defer { server.stop() }
        let client = ExpositionFetcher.makeClient()
        defer { Task { try? await client.shutdown() } }
        let spec = try SpecLoader.parse(
            "workloads:\n  w: { kind: worker, metrics: \"http://127.0.0.1:\(server.port)/metrics\", timeout: 900ms, interval: 1s }\n",
            file: "v.yml",
            environment: [:]
        )
        var fetcher = ExpositionFetcher(client: client)
        fetcher.timeout = spec.workloads[0].timeout
        let (bytes, _) = try await fetcher.fetch("http://127.0.0.1:\(server.port)/metrics")
        #expect(String(decoding: bytes, as: UTF8.self).contains("up 1"))
    }

    /// Defects 5 and 9: `Retry-After` of 10^16 seconds, or an HTTP date in year 9999, is capped at an hour.
    @Test(arguments: ["10000000000000000", "Fri, 31 Dec 9999 23:59:59 GMT", "99999999999999999999999999"])
    func anAbsurdRetryAfterIsCappedAtAnHour(value: String) {
        #expect(ChannelSender.retryAfter(value, now: self.day1At3) == .seconds(3600))
    }

    /// Defect 5, end to end: the notifier survives the answer and retries within the hour.
    @Test func aReceiverAskingForCenturiesIsRetriedWithinTheHour() async throws {
        let receiver = try await WebhookReceiver.start { index in
            index == 0 ? (.tooManyRequests, [.retryAfter: "10000000000000000"]) : (.ok, [:])
        }
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(Self.hookOnly(receiver))
        try await fixture.ping("nightly", .start, at: self.day1At3)
        try await fixture.ping("nightly", .finish(exitStatus: 1), at: self.day1At3.addingTimeInterval(60))
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.day1At3)
        try await fixture.cycle(at: self.day1At3.addingTimeInterval(120))
        #expect(receiver.requests.count == 1)
        try await fixture.watcher.notifier.deliverDue(now: self.day1At3.addingTimeInterval(120 + 3599))
        #expect(receiver.requests.filter { $0.path == "/hook" }.count == 1, "not before the hour it asked for (capped)")
        try await fixture.watcher.notifier.deliverDue(now: self.day1At3.addingTimeInterval(120 + 3601))
        #expect(receiver.requests.filter { $0.path == "/hook" }.count == 2, "but within it")
    }

    /// Defect 9: whatever the receiver asks, the last retry is no later than the give-up time.
    @Test func noRetryIsScheduledPastTheGiveUp() async throws {
        let receiver = try await WebhookReceiver.start { _ in (.serviceUnavailable, [.retryAfter: "3600"]) }
        defer { receiver.stop() }
        let fixture = try await WatcherFixture.make(WatcherFixture.standard(receiver: receiver))
        try await fixture.ping("nightly", .start, at: self.day1At3)
        try await fixture.ping("nightly", .finish(exitStatus: 1), at: self.day1At3.addingTimeInterval(60))
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.day1At3)
        try await fixture.cycle(at: self.day1At3.addingTimeInterval(120))
        // Keep failing every hour for a day: the outbox is empty at the give-up, not parked beyond it.
        for hour in 1...25 {
            try await fixture.watcher.notifier.deliverDue(now: self.day1At3.addingTimeInterval(120 + Double(hour) * 3600 + 1))
        }
        #expect(try await fixture.store.queuedNotifications().isEmpty)
    }

    /// Defect 18: credentials in a webhook URL are sent as Basic authorization, and not in the URL.
    @Test func credentialsInAWebhookURLBecomeBasicAuthorization() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let yaml = WatcherFixture.standard(receiver: receiver).replacingOccurrences(
            of: "url: \"http://127.0.0.1:\(receiver.port)/hook\"",
            with: "url: \"http://alerts:pa%3Ass@127.0.0.1:\(receiver.port)/hook\""
        )
        let fixture = try await WatcherFixture.make(yaml)
        try await fixture.ping("nightly", .start, at: self.day1At3)
        try await fixture.ping("nightly", .finish(exitStatus: 1), at: self.day1At3.addingTimeInterval(60))
        try await fixture.ping("sync", .finish(exitStatus: 0), at: self.day1At3)
        try await fixture.cycle(at: self.day1At3.addingTimeInterval(120))
        let hook = try #require(receiver.requests.first { $0.path == "/hook" })
        #expect(hook.authorization == "Basic " + Data("alerts:pa:ss".utf8).base64EncodedString())
    }

    /// The standard spec with its webhook only.
    static func hookOnly(_ receiver: WebhookReceiver) -> String {
        WatcherFixture.standard(receiver: receiver).replacingOccurrences(
            of: "  - name: chat\n    slack: { url: \"http://127.0.0.1:\(receiver.port)/slack\" }\n    severities: [critical]\n",
            with: ""
        )
    }
}
