import AsyncHTTPClient
package import Foundation
package import Logging
import Prometheus
package import ServiceLifecycle
package import VitalsCore
package import VitalsStore

/// The watcher's eyes: probes every API and worker check and scrapes every `metrics` URL on their slots,
/// keeps what it sees on the ``board``, and writes closed minutes to the store.
package struct Observer: Sendable {
    /// Minutes older than this are forgotten by the store: the longest SLO window and some.
    package static let keepMinutes: Int64 = 35 * 1440

    package let board: ObservationBoard
    let spec: Spec
    let store: any WatchStore
    let metrics: WatcherMetrics
    let time: WatcherTime
    let logger: Logger

    init(spec: Spec, store: any WatchStore, metrics: WatcherMetrics, time: WatcherTime, logger: Logger) async throws {
        let now = time.wall()
        let board = ObservationBoard(spec: spec)
        let minute = Int64(now.timeIntervalSince1970 / 60)
        for workload in spec.workloads where workload.endpoints?.metrics != nil {
            let keep = max(Int64(ObservationBoard.chartMinutes), (workload.api?.slo?.window.components.seconds ?? 0) / 60)
            board.restore(try await store.rollups(workload: workload.name, since: minute - keep), workload: workload.name)
        }
        self.board = board
        self.spec = spec
        self.store = store
        self.metrics = metrics
        self.time = time
        self.logger = logger
    }

    /// Every probe and scrape as a scheduled check, on the given clients.
    func checks(prober: HTTPProber, fetcher: ExpositionFetcher) -> [ScheduledCheck] {
        var checks: [ScheduledCheck] = []
        let (board, metrics) = (self.board, self.metrics)
        for workload in self.spec.workloads where workload.kind != .job {
            for check in board.checks[workload.name] ?? [] {
                checks.append(
                    ScheduledCheck(id: check.id, interval: check.interval) {
                        let outcome = await prober.probe(check, now: self.time.wall)
                        metrics.probe(outcome)
                        board.record(outcome)
                    }
                )
            }
            if workload.endpoints?.metrics != nil {
                var scraping = fetcher
                scraping.timeout = workload.timeout
                let scraper = Scraper(fetcher: scraping, board: board, metrics: metrics, now: self.time.wall)
                checks.append(ScheduledCheck(id: "\(workload.name)/metrics", interval: workload.interval) { await scraper.scrape(workload) })
            }
        }
        return checks
    }

    /// Writes closed minutes; on failure they wait for the next flush.
    package func flush() async {
        let now = self.time.wall()
        let rollups = self.board.takeUnsaved()
        guard !rollups.isEmpty else { return }
        do {
            try await self.store.recordRollups(rollups, forgetBefore: Int64(now.timeIntervalSince1970 / 60) - Self.keepMinutes)
        } catch {
            self.board.putBack(rollups)
            self.logger.error("Writing minute rollups failed; will retry", metadata: ["error": "\(error)", "rollups": "\(rollups.count)"])
        }
    }

    /// Runs the checks and flushes every 15 s until shutdown, then flushes once more and closes the clients.
    var service: some Service { ObserverService(observer: self) }
}
