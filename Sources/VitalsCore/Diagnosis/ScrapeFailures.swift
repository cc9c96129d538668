/// What failing scrapes leave unjudged, across a workload's instances.
enum ScrapeFailures {
    /// `cannot scrape <url> (3 failures in a row, …): <reason>; <notJudged> are not judged` when every
    /// instance that is up fails its scrapes `threshold` times in a row; with several instances and only some
    /// failing, names them and says `partly` (what is still judged). `judged` is false when nothing is.
    /// Instances in `down` are left out: that they cannot be scraped is already said.
    static func describe(
        _ signals: WorkloadSignals,
        url: String,
        observation: Observation,
        down: Set<String>,
        threshold: Int,
        evidence: Evidence,
        notJudged: String,
        partly: String
    ) -> (text: String, judged: Bool)? {
        let watched = observation.instances.filter { !down.contains($0) }
        let failing = watched.filter { (signals.instances[$0]?.consecutiveFailures ?? 0) >= threshold }
        guard !failing.isEmpty else { return nil }
        if !observation.namesInstances {
            let detail = signals.instances[""].flatMap { evidence.scrapeFailing($0, url: url, threshold: threshold) }
            return detail.map { ("cannot scrape \($0); \(notJudged) are not judged", false) }
        }
        let details = failing.sorted().prefix(3).compactMap { instance in
            signals.instances[instance].flatMap { evidence.scrapeFailing($0, url: Endpoints.url(url, on: instance), threshold: threshold) }
        }
        let all = failing.count == watched.count
        let text = "cannot scrape \(Spread.text(failing, of: observation.instances.count)); \(details.joined(separator: "; "))"
        return ("\(text); \(all ? "\(notJudged) are not judged" : partly)", !all)
    }
}
