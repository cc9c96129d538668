import AsyncHTTPClient
package import Foundation
package import Logging
import Prometheus
package import ServiceLifecycle
package import VitalsCore
package import VitalsStore

/// The watcher's eyes: probes every API and worker check and scrapes every `metrics` URL on their slots,
/// on every instance, keeps what it sees on the ``board``, and writes closed minutes to the store.
package struct Observer: Sendable {
    /// Minutes older than this are forgotten by the store: the longest SLO window and some.
    package static let keepMinutes: Int64 = 35 * 1440

    package let board: ObservationBoard
    let spec: Spec
    let store: any WatchStore
    let metrics: WatcherMetrics
    let time: WatcherTime
    let resolver: InstanceResolver
    let logger: Logger

    init(spec: Spec, store: any WatchStore, metrics: WatcherMetrics, time: WatcherTime, resolver: InstanceResolver, logger: Logger) async throws {
        let now = time.wall()
        let board = ObservationBoard(spec: spec)
        let minute = Int64(now.timeIntervalSince1970 / 60)
        for workload in spec.workloads where workload.endpoints?.metrics != nil {
            let windows = [workload.api?.slo?.window] + (workload.api?.routes ?? []).map { $0.slo?.window }
            let keep = windows.compactMap { $0.map { $0.components.seconds / 60 } }.reduce(Int64(ObservationBoard.chartMinutes), max)
            board.restore(try await store.rollups(workload: workload.name, since: minute - keep), workload: workload.name)
        }
        self.board = board
        self.spec = spec
        self.store = store
        self.metrics = metrics
        self.time = time
        self.resolver = resolver
        self.logger = logger
    }

    /// Every probe, scrape and DNS lookup as a scheduled check, on the given clients. A check covers every
    /// instance of its workload at once, so its slot holds whatever instances DNS gives it.
    func checks(prober: HTTPProber, fetcher: ExpositionFetcher) -> [ScheduledCheck] {
        var checks: [ScheduledCheck] = []
        let (board, metrics, now) = (self.board, self.metrics, self.time.wall)
        for workload in self.spec.workloads where workload.kind != .job {
            let name = workload.name
            var roles: [ProbeCheck.Role] = []
            if workload.endpoints?.live != nil { roles.append(.live) }
            if workload.endpoints?.ready != nil { roles.append(.ready) }
            roles += (workload.api?.synthetic ?? []).indices.map(ProbeCheck.Role.synthetic)
            for role in roles {
                checks.append(
                    ScheduledCheck(id: "\(name)/\(role)", interval: workload.interval) {
                        await withDiscardingTaskGroup { group in
                            for check in board.checks(name, role: role) {
                                group.addTask {
                                    let outcome = await prober.probe(check, now: now)
                                    metrics.probe(outcome)
                                    board.record(outcome)
                                }
                            }
                        }
                    }
                )
            }
            if workload.endpoints?.metrics != nil {
                var scraping = fetcher
                scraping.timeout = workload.timeout
                let scraper = Scraper(fetcher: scraping, board: board, metrics: metrics, now: now)
                checks.append(
                    ScheduledCheck(id: "\(name)/metrics", interval: workload.interval) {
                        await withDiscardingTaskGroup { group in
                            for instance in board.instances(name) { group.addTask { await scraper.scrape(workload, instance: instance) } }
                        }
                    }
                )
            }
            if workload.endpoints?.instances?.dns != nil {
                checks.append(ScheduledCheck(id: "\(name)/dns", interval: workload.interval) { await self.resolve(workload) })
            }
        }
        return checks
    }

    /// Looks up the instances of a workload that names a DNS name; a failure keeps the last answer.
    func resolve(_ workload: Workload) async {
        guard let name = workload.endpoints?.instances?.dns else { return }
        do {
            let instances = try await self.resolver.resolve(name.host, port: name.port, timeout: workload.timeout)
            self.board.setInstances(instances, workload: workload.name)
        } catch {
            self.board.recordResolutionFailure("\(error)", workload: workload.name)
            self.logger.warning("Resolving a workload's instances failed", metadata: ["workload": "\(workload.name)", "error": "\(error)"])
        }
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
