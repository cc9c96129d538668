import VitalsSignals

/// What one scrape said, reduced to the series diagnoses read: cumulative counters per series (so
/// resets are found series by series) and the gauges, already combined across series.
package struct ScrapeReading: Sendable {
    /// What a counter series counts toward.
    package enum Counter: Sendable, Hashable {
        case requests(error: Bool)
        /// A latency histogram bucket, by upper bound in seconds.
        case latencyBucket(Double)
        /// Seconds spent answering requests (the latency histogram's `_sum`).
        case requestSeconds
        /// Calls to a dependency (a dependency histogram's `_count`).
        case dependencyCalls(DependencyKey, failed: Bool)
        /// Seconds spent in a dependency's calls (its `_sum`).
        case dependencySeconds(DependencyKey)
        /// A dependency latency bucket, by upper bound in seconds.
        case dependencyBucket(DependencyKey, Double)
        case eventsRead
        case eventsHandled(failed: Bool)
        case failure(FailureKey)
        case processingBucket(Double)
        /// Seconds spent processing events (the processing histogram's `_sum`).
        case processingSeconds
        case cpuSeconds
    }

    /// One counter series: its identity (name and labels as scraped) and cumulative value.
    package struct Series: Sendable {
        package var id: String
        package var counts: Counter
        package var value: Double
        /// The endpoint of a request or latency series, when its labels name one.
        package var route: RouteKey?
    }

    package var profile: String
    package var series: [Series] = []
    /// Sum over queues; NaN when a queue cannot tell (the library reports NaN when its backlog provider
    /// fails), or when a value is not a count (infinite, negative).
    package var backlog: Double?
    /// Oldest over queues, seconds; NaN when a queue cannot tell.
    package var oldestAge: Double?
    /// Newest over workers, seconds since the epoch; a timestamp that is not a plausible date is dropped.
    package var lastRead: Double?
    package var lastProgress: Double?
    package var startTime: Double?
    /// Bytes, summed over series.
    package var residentMemory: Double?
    /// Requests the latency histogram points at with a trace id (OpenMetrics exemplars), slowest first, a few.
    package var exemplars: [TraceExemplar] = []
    /// The version the process says it runs (`vitals_build_info{version}`).
    package var version: String?
    /// Request series left out because their route is a probe, a scrape or listed in `ignore_routes`.
    package var ignoredSeries = 0

    /// Reads `exposition` with `profile`, leaving out requests to the well-known probe and metrics routes
    /// (``RouteRule/probeRoutes``) and to `ignoredRoutes`: the watcher's own probes and scrapes, and a load
    /// balancer's, are not the service's traffic.
    package init(_ exposition: Exposition, profile: MetricProfile, ignoredRoutes: [String] = []) {
        self.profile = profile.name
        for family in exposition.families {
            self.read(family, profile: profile, ignoredRoutes: ignoredRoutes)
        }
        // The slowest few, and every failed one among the next: what evidence may name.
        if self.exemplars.count > Self.exemplarLimit {
            self.exemplars.sort { $0.seconds > $1.seconds }
            let failed = self.exemplars.dropFirst(Self.exemplarLimit).filter(\.failed).prefix(Self.exemplarLimit)
            self.exemplars = Array(self.exemplars.prefix(Self.exemplarLimit)) + failed
        }
    }

    /// Exemplars kept from one reading.
    static let exemplarLimit = 8

    /// Whether a request series counts, and toward which endpoint (none when it has no route label).
    private enum Routing {
        case ignored
        case counted(RouteKey?)
    }

    private static func routing(_ sample: Sample, profile: MetricProfile, ignored: [String]) -> Routing {
        guard let route = profile.routeLabels.lazy.compactMap({ sample.label($0) }).first else { return .counted(nil) }
        if RouteRule.isIgnored(route, ignored: ignored) { return .ignored }
        let method = profile.methodLabels.lazy.compactMap { sample.label($0) }.first ?? ""
        return .counted(RouteKey(method: method.uppercased(), route: route))
    }

    private mutating func read(_ family: MetricFamily, profile: MetricProfile, ignoredRoutes: [String]) {
        let name = family.name
        switch name {
        case profile.latencyHistogram:
            for sample in family.samples {
                guard sample.name == name + "_bucket" || sample.name == name + "_count" || sample.name == name + "_sum" else { continue }
                guard case .counted(let route) = Self.routing(sample, profile: profile, ignored: ignoredRoutes) else {
                    self.ignoredSeries += 1
                    continue
                }
                if sample.name == name + "_bucket", let bound = sample.label("le").flatMap(Self.bound) {
                    self.add(sample, .latencyBucket(bound), route: route)
                    if let exemplar = TraceExemplar(sample, route: route, failed: Self.isServerError(sample, labels: profile.statusLabels)) {
                        self.exemplars.append(exemplar)
                    }
                } else if sample.name == name + "_sum" {
                    self.add(sample, .requestSeconds)
                } else if profile.requestCounter == nil, sample.name == name + "_count" {
                    self.add(sample, .requests(error: Self.isServerError(sample, labels: profile.statusLabels)), route: route)
                }
            }
        case _ where profile.requestCounter.map { MetricProfile.counterNames($0).contains(name) } ?? false:
            for sample in family.samples where !sample.name.hasSuffix("_created") {
                guard case .counted(let route) = Self.routing(sample, profile: profile, ignored: ignoredRoutes) else {
                    self.ignoredSeries += 1
                    continue
                }
                self.add(sample, .requests(error: Self.isServerError(sample, labels: profile.statusLabels)), route: route)
            }
        case Signal.Process.startTime.name:
            self.startTime = Self.newestTimestamp(family)
        case _ where MetricProfile.counterNames(Signal.Process.cpuSeconds.name).contains(name):
            for sample in family.samples where !sample.name.hasSuffix("_created") { self.add(sample, .cpuSeconds) }
        case Signal.Process.residentMemory.name:
            self.residentMemory = Self.sum(family).flatMap { $0.isNaN ? nil : $0 }
        case _ where MetricProfile.counterNames(Signal.Worker.eventsRead.name).contains(name):
            for sample in family.samples where !sample.name.hasSuffix("_created") { self.add(sample, .eventsRead) }
        case _ where MetricProfile.counterNames(Signal.Worker.eventsHandled.name).contains(name):
            for sample in family.samples where !sample.name.hasSuffix("_created") {
                self.add(sample, .eventsHandled(failed: sample.label("outcome") == "failed"))
            }
        case _ where MetricProfile.counterNames(Signal.Worker.eventsFailed.name).contains(name):
            for sample in family.samples where !sample.name.hasSuffix("_created") {
                let key = FailureKey(
                    handler: sample.label("handler") ?? "",
                    eventType: sample.label("event_type") ?? "",
                    errorClass: sample.label("error_class") ?? ""
                )
                self.add(sample, .failure(key))
            }
        case Signal.Worker.processingDuration.name:
            for sample in family.samples {
                if sample.name == name + "_bucket", let bound = sample.label("le").flatMap(Self.bound) {
                    self.add(sample, .processingBucket(bound))
                } else if sample.name == name + "_sum" {
                    self.add(sample, .processingSeconds)
                }
            }
        case Signal.Dependency.databaseDuration.name, Signal.Dependency.httpDuration.name:
            self.readDependency(family)
        case Signal.Build.info.name:
            // One series when the library writes it; of several, the one set to 1, then the greatest, so a reading is stable.
            self.version = family.samples.filter { $0.value == 1 }.compactMap { $0.label("version") }.filter { !$0.isEmpty }.max()
        case Signal.Worker.queueDepth.name: self.backlog = Self.sum(family)
        case Signal.Worker.queueOldestAge.name: self.oldestAge = Self.largest(family)
        case Signal.Worker.lastRead.name: self.lastRead = Self.newestTimestamp(family)
        case Signal.Worker.lastProgress.name: self.lastProgress = Self.newestTimestamp(family)
        default: break
        }
    }

    /// A dependency histogram: calls (failed when `error_type` is set or the status is 5xx), seconds, buckets.
    private mutating func readDependency(_ family: MetricFamily) {
        let http = family.name == Signal.Dependency.httpDuration.name
        for sample in family.samples {
            let key = DependencyKey(
                name: sample.label("server_address") ?? "",
                system: http ? "http" : sample.label("db_system_name") ?? "",
                operation: sample.label(http ? "http_request_method" : "db_operation_name") ?? ""
            )
            switch sample.name.dropFirst(family.name.count) {
            case "_count":
                let status = sample.label("http_response_status_code") ?? ""
                self.add(sample, .dependencyCalls(key, failed: !(sample.label("error_type") ?? "").isEmpty || status.first == "5"))
            case "_sum": self.add(sample, .dependencySeconds(key))
            case "_bucket": if let bound = sample.label("le").flatMap(Self.bound) { self.add(sample, .dependencyBucket(key, bound)) }
            default: break
            }
        }
    }

    private mutating func add(_ sample: Sample, _ counts: Counter, route: RouteKey? = nil) {
        guard sample.value.isFinite else { return }
        let labels = sample.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        self.series.append(Series(id: "\(sample.name){\(labels)}", counts: counts, value: sample.value, route: route))
    }

    /// The sum of counts that are counts; NaN ("cannot tell") if one of them is not.
    private static func sum(_ family: MetricFamily) -> Double? {
        guard !family.samples.isEmpty else { return nil }
        guard family.samples.allSatisfy({ $0.value.isFinite && $0.value >= 0 }) else { return .nan }
        return family.samples.reduce(0) { $0 + $1.value }
    }

    /// The largest of non-negative amounts; NaN ("cannot tell") if one of them is not one.
    private static func largest(_ family: MetricFamily) -> Double? {
        guard !family.samples.isEmpty else { return nil }
        guard family.samples.allSatisfy({ $0.value.isFinite && $0.value >= 0 }) else { return .nan }
        return family.samples.map(\.value).max()
    }

    /// The newest timestamp that can be a date; nil when none can.
    private static func newestTimestamp(_ family: MetricFamily) -> Double? {
        family.samples.map(\.value).filter { Bounds.storedSeconds.contains($0) }.max()
    }

    static func bound(_ text: String) -> Double? {
        text == "+Inf" ? .infinity : Double(text)
    }

    /// `500`, `503` or `5xx`; a series without a status label is not an error.
    static func isServerError(_ sample: Sample, labels: [String]) -> Bool {
        guard let status = labels.lazy.compactMap({ sample.label($0) }).first else { return false }
        return status.first == "5"
    }
}
