import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
import Vitals
import VitalsTesting

/// JobMonitor pinging a real HTTP server that stands where the watcher would.
@Suite struct JobPingTests {
    final class Received: Sendable {
        let pings = Mutex<[(path: String, query: String, body: String)]>([])
        let failuresLeft = Mutex(0)
    }

    func watcher(_ received: Received) -> some ApplicationProtocol {
        let router = Router()
        router.post("/ping/{key}/{job}/{kind}") { request, _ -> HTTPResponse.Status in
            if received.failuresLeft.withLock({ left in
                defer { left = max(0, left - 1) }
                return left > 0
            }) {
                return .serviceUnavailable
            }
            let body = try await request.body.collect(upTo: 200_000)
            received.pings.withLock { $0.append((request.uri.path, request.uri.query ?? "", String(buffer: body))) }
            return .ok
        }
        return Application(router: router)
    }

    @Test func startAndFinishArePushedWithRunFacts() async throws {
        let received = Received()
        try await self.watcher(received).test(.live) { client in
            let jobs = JobMonitor(signals: SignalRegistry(), ping: .slug(base: "http://127.0.0.1:\(client.port!)/", pingKey: "k3y"))
            try await jobs.run("nightly-report") { run in run.records = 41_200 }
            struct Failed: Error, CustomStringConvertible { var description: String { "upstream returned 502" } }
            await #expect(throws: Failed.self) { try await jobs.run("nightly-report") { _ in throw Failed() } }
        }
        let pings = received.pings.withLock { $0 }
        #expect(
            pings.map(\.path) == [
                "/ping/k3y/nightly-report/start", "/ping/k3y/nightly-report/0", "/ping/k3y/nightly-report/start", "/ping/k3y/nightly-report/1",
            ]
        )
        let rid = try #require(pings[0].query.split(separator: "&").first { $0.hasPrefix("rid=") })
        #expect(pings[1].query.contains(String(rid)), "start and finish pair by run id")
        #expect(pings[1].query.contains("records=41200"))
        #expect(pings[1].query.contains("duration="))
        #expect(pings[3].body == "upstream returned 502")
    }

    @Test func serverErrorsAreRetried() async throws {
        let received = Received()
        received.failuresLeft.withLock { $0 = 2 }
        try await self.watcher(received).test(.live) { client in
            var target = PingTarget.slug(base: "http://127.0.0.1:\(client.port!)", pingKey: "k")
            target.attempts = 3
            try await JobMonitor(signals: SignalRegistry(), ping: target).run("j") { _ in }
        }
        #expect(received.pings.withLock { $0.map(\.path) } == ["/ping/k/j/start", "/ping/k/j/0"])
    }

    // A hang would run into the time limit; the budget itself is proven on a manual clock below.
    @Test(.timeLimit(.minutes(1))) func anUnreachableWatcherNeverFailsTheJob() async throws {
        var target = PingTarget.slug(base: "http://127.0.0.1:1", pingKey: "k")
        target.timeout = .milliseconds(500)
        let value = try await JobMonitor(signals: SignalRegistry(), ping: target).run("j") { _ in 42 }
        #expect(value == 42)
    }

    @Test(.timeLimit(.minutes(1))) func aWatcherThatAcceptsAndNeverAnswersCostsThePingItsBudgetAndNoMore() async throws {
        let blackhole = try BlackholeListener()
        var target = PingTarget.slug(base: "http://127.0.0.1:\(blackhole.port)", pingKey: "k")
        target.timeout = .seconds(3600)
        let clock = ManualClock()
        let client = PingClient(target: target, logger: Logger(label: "vitals.ping"), clock: clock)
        let ping = Task { await client.ping(job: "j", suffix: "start") }
        // The attempt's deadline is the only sleeper; an hour on the manual clock ends it, not the network.
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(3600))
        #expect(await ping.value == false, "not delivered, and the job goes on")
        withExtendedLifetime(blackhole) {}
    }
}
