import Foundation
import Testing
import Vitals
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport
import VitalsWatcher

/// Two watchers on one PostgreSQL database, evaluating and sending at the same moments: each
/// notification still goes out once.
@Suite struct SharedStoreTests {
    @Test func twoWatchersOnOnePostgresNotifyOnce() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        let url = try await TestPostgres.freshDatabase()
        let yaml = WatcherFixture.standard(receiver: receiver, watcher: ", storage: \"\(url)\"")
        let spec = try SpecLoader.parse(yaml, file: "vitals.yml", environment: [:])
        var watchers: [Watcher] = []
        var stores: [PostgresStore] = []
        for _ in 0..<2 {
            let store = try await PostgresStore.running(url: url, logger: WatcherFixture.quiet)
            stores.append(store)
            watchers.append(
                try await Watcher(
                    spec: spec,
                    store: store,
                    signals: SignalRegistry(),
                    health: HealthRegistry(),
                    logger: WatcherFixture.quiet,
                    time: .at(WatcherFixture.watchingSince)
                )
            )
        }
        let day1At3 = WatcherFixture.date("2026-11-22T03:00:00Z")
        try await stores[0].record(Ping(kind: .start, receivedAt: day1At3), workload: "nightly", retention: 100)
        try await stores[1].record(
            Ping(kind: .finish(exitStatus: 1), receivedAt: day1At3.addingTimeInterval(60)),
            workload: "nightly",
            retention: 100
        )
        try await stores[1].record(Ping(kind: .finish(exitStatus: 0), receivedAt: day1At3.addingTimeInterval(60)), workload: "sync", retention: 100)

        for minute in 2...6 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, watcher) in watchers.enumerated() {
                    // Their clocks differ by a second: without one evaluator at a time, each would start its own episode.
                    let now = day1At3.addingTimeInterval(Double(minute) * 60 + Double(index))
                    group.addTask {
                        _ = try await watcher.evaluator.evaluate(now: now)
                        try await watcher.notifier.deliverDue(now: now)
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(receiver.requests.map(\.path).sorted() == ["/hook", "/slack"], "job.failed once per channel, whichever watcher sent it")
    }
}
