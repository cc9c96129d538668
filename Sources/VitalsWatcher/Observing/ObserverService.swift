import AsyncHTTPClient
import ServiceLifecycle
import VitalsCore

/// Runs the observer: its clients, its scheduler and the rollup flush, until shutdown.
struct ObserverService: Service {
    let observer: Observer

    func run() async throws {
        // Clients are made here, not with the observer: a watcher built and never run (tests, `vitals check`) holds none.
        let concurrency = self.observer.spec.watcher.probeConcurrency
        let probeClient = HTTPProber.makeClient(concurrency: concurrency)
        let scrapeClient = ExpositionFetcher.makeClient()
        let scheduler = CheckScheduler(
            checks: self.observer.checks(prober: HTTPProber(client: probeClient), fetcher: ExpositionFetcher(client: scrapeClient)),
            concurrency: concurrency,
            metrics: self.observer.metrics,
            time: self.observer.time,
            logger: self.observer.logger
        )
        // Instances from DNS are looked up once before the first probes, so those find them.
        await withDiscardingTaskGroup { group in
            for workload in self.observer.spec.workloads where workload.endpoints?.instances?.dns != nil {
                group.addTask { await self.observer.resolve(workload) }
            }
        }
        let clock = self.observer.time.clock
        await withDiscardingTaskGroup { group in
            group.addTask { try? await scheduler.run() }
            group.addTask {
                await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try? await clock.sleep(for: .seconds(15))
                        await self.observer.flush()
                    }
                }
            }
        }
        await self.observer.flush()
        try? await probeClient.shutdown()
        try? await scrapeClient.shutdown()
    }
}
