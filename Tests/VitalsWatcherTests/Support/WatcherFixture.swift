import Foundation
import Logging
import Vitals
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport
import VitalsWatcher

/// A watcher over a real SQLite file, driven by a manual clock: tests call `evaluate(now:)` and
/// `deliverDue(now:)` themselves. `restart()` opens the same file in a new watcher, as a restarted process would.
struct WatcherFixture {
    let yaml: String
    let path: String
    let spec: Spec
    let signals: SignalRegistry
    var watcher: Watcher
    var store: SQLiteStore

    static let watchingSince = Self.date("2026-11-21T12:00:00Z")

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// The standard spec: a nightly job at 03:00 UTC and a heartbeat worker; a webhook for everything
    /// and a Slack channel for critical alerts, both on `receiver`.
    static func standard(receiver: WebhookReceiver, watcher extra: String = "") -> String {
        """
        watcher: { listen: "127.0.0.1:0", api_token: test-api-token-0000001\(extra) }
        notify:
          - name: hook
            webhook: { url: "http://127.0.0.1:\(receiver.port)/hook" }
          - name: chat
            slack: { url: "http://127.0.0.1:\(receiver.port)/slack" }
            severities: [critical]
        workloads:
          nightly:
            kind: job
            schedule: "0 3 * * *"
            grace: 30m
            max_duration: 20m
            min_records: 1
            resolve_after: 5m
            runbook: https://wiki.example/nightly
          sync: { kind: worker, heartbeat: true, progress_within: 1h, notify: [hook] }
        """
    }

    static func make(_ yaml: String, now: Date = Self.watchingSince) async throws -> WatcherFixture {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("alerting-\(UUID().uuidString)/vitals.db").path
        let spec = try SpecLoader.parse(yaml, file: "vitals.yml", environment: [:])
        let store = try SQLiteStore(path: path)
        let signals = SignalRegistry()
        let watcher = try await Watcher(spec: spec, store: store, signals: signals, health: HealthRegistry(), logger: Self.quiet, time: .at(now))
        return WatcherFixture(yaml: yaml, path: path, spec: spec, signals: signals, watcher: watcher, store: store)
    }

    /// A new store and watcher on the same file: what a restarted `vitals serve` has.
    func restarted(now: Date) async throws -> WatcherFixture {
        let store = try SQLiteStore(path: self.path)
        let signals = SignalRegistry()
        let watcher = try await Watcher(spec: self.spec, store: store, signals: signals, health: HealthRegistry(), logger: Self.quiet, time: .at(now))
        return WatcherFixture(yaml: self.yaml, path: self.path, spec: self.spec, signals: signals, watcher: watcher, store: store)
    }

    /// The same file under a changed spec: what `vitals serve` has after `vitals.yml` was edited and it restarted.
    func restarted(with yaml: String, now: Date) async throws -> WatcherFixture {
        let spec = try SpecLoader.parse(yaml, file: "vitals.yml", environment: [:])
        let store = try SQLiteStore(path: self.path)
        let signals = SignalRegistry()
        let watcher = try await Watcher(spec: spec, store: store, signals: signals, health: HealthRegistry(), logger: Self.quiet, time: .at(now))
        return WatcherFixture(yaml: yaml, path: self.path, spec: spec, signals: signals, watcher: watcher, store: store)
    }

    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// One evaluation and one delivery pass at `now`.
    @discardableResult
    func cycle(at now: Date) async throws -> Evaluation {
        let evaluation = try await self.watcher.evaluator.evaluated(now: now)
        try await self.watcher.notifier.deliverDue(now: now)
        return evaluation
    }

    func ping(_ workload: String, _ kind: Ping.Kind, at date: Date, records: Int? = nil, body: String? = nil) async throws {
        try await self.store.record(Ping(kind: kind, receivedAt: date, runID: nil, records: records, body: body), workload: workload, retention: 100)
    }

    /// The value of a sample on the watcher's `/metrics`, e.g. `vitals_outbox_depth`.
    func metric(_ name: String, _ labels: [String: String] = [:]) async -> Double? {
        ExpositionSamples(await self.signals.exposition()).value(name, labels)
    }
}
