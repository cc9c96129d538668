import Foundation
import Prometheus
import VitalsCore

/// Scrapes a workload's `/metrics`, keeps only the families its profile reads, and hands the reading
/// to the board. A scrape that fails (unreachable, non-200, over a limit, unparsable) is recorded as a
/// failure with its reason: enough of them in a row make the workload `unknown`, never silently ok.
struct Scraper: Sendable {
    let fetcher: ExpositionFetcher
    let board: ObservationBoard
    let metrics: WatcherMetrics
    /// Stamps what the scrape saw.
    let now: @Sendable () -> Date

    /// Scrapes `instance` of `workload` (`""` for a workload scraped at one URL).
    func scrape(_ workload: Workload, instance: String = "") async {
        guard let path = workload.endpoints?.metrics else { return }
        let url = instance.isEmpty ? path : Endpoints.url(path, on: instance)
        let profile = workload.api?.profile.flatMap(MetricProfile.named)
        let (name, ignored) = (workload.name, workload.api?.ignoreRoutes ?? [])
        do {
            let (bytes, format) = try await self.fetcher.fetch(url)
            let keep = profile?.families ?? MetricProfile.anyFamily
            let exposition = ExpositionParser(format: format, keep: { keep.contains($0) }).parse(bytes)
            if let first = exposition.errors.first {
                let more = exposition.errors.count > 1 ? " (and \(exposition.errors.count - 1) more)" : ""
                self.metrics.scrapes(exposition.errors.contains { $0.kind == .limit } ? .limit : .invalid).increment()
                self.board.recordScrapeFailure("invalid exposition: \(first)\(more)", workload: name, instance: instance, at: self.now())
                return
            }
            let reading = ScrapeReading(exposition, profile: profile ?? MetricProfile.detect(in: exposition) ?? .vitals, ignoredRoutes: ignored)
            self.metrics.scrapes(.ok).increment()
            self.board.recordScrape(reading, workload: name, instance: instance, at: self.now())
        } catch let failure as ExpositionFetcher.Failure {
            self.metrics.scrapes(failure.kind == .limit ? .limit : .failed).increment()
            self.board.recordScrapeFailure(failure.reason, workload: name, instance: instance, at: self.now())
        } catch {
            self.metrics.scrapes(.failed).increment()
            self.board.recordScrapeFailure("\(error)", workload: name, instance: instance, at: self.now())
        }
    }
}
