import VitalsSignals

/// How one ecosystem names HTTP server metrics, so the watcher reads a Spring, Vapor or Python service
/// as it reads a Vitals one. Worker signals follow the Vitals contract only.
package struct MetricProfile: Sendable, Hashable {
    package var name: String
    /// A counter of requests by status; the latency histogram's `_count` when nil.
    package var requestCounter: String?
    /// The request latency histogram (seconds).
    package var latencyHistogram: String
    /// Label names that may carry the status code (`500`) or class (`5xx`), tried in order.
    package var statusLabels: [String]
    /// Label names that may carry the route template (`/orders/{id}`), tried in order.
    package var routeLabels: [String]
    /// Label names that may carry the request method, tried in order.
    package var methodLabels: [String]

    /// Families materialized when scraping with this profile; all others are counted and dropped.
    package var families: Set<String> {
        var names: Set<String> = [self.latencyHistogram, Signal.Process.startTime.name]
        names.formUnion(Self.processFamilies)
        if let requestCounter { names.formUnion(Self.counterNames(requestCounter)) }
        return names.union(Self.workerFamilies).union(Self.dependencyFamilies)
    }

    /// Vitals' own contract: OpenTelemetry semantic conventions rendered for Prometheus.
    package static let vitals = MetricProfile(
        name: "vitals",
        requestCounter: nil,
        latencyHistogram: Signal.HTTP.requestDuration.name,
        statusLabels: ["http_response_status_code"],
        routeLabels: ["http_route"],
        methodLabels: ["http_request_method"]
    )
    /// Hummingbird 2's `MetricsMiddleware` through swift-prometheus: `hb_requests` counts thrown errors too.
    package static let hummingbird = MetricProfile(
        name: "hummingbird",
        requestCounter: "hb_requests",
        latencyHistogram: "http_server_request_duration",
        statusLabels: ["http_response_status_code"],
        routeLabels: ["http_route"],
        methodLabels: ["http_request_method"]
    )
    /// Vapor 4's default responder metrics.
    package static let vapor = MetricProfile(
        name: "vapor",
        requestCounter: "http_requests_total",
        latencyHistogram: "http_request_duration_seconds",
        statusLabels: ["status"],
        routeLabels: ["path"],
        methodLabels: ["method"]
    )
    /// Micrometer (Spring Boot Actuator) with percentile histograms on.
    package static let micrometer = MetricProfile(
        name: "micrometer",
        requestCounter: nil,
        latencyHistogram: "http_server_requests_seconds",
        statusLabels: ["status"],
        routeLabels: ["uri"],
        methodLabels: ["method"]
    )
    /// Python `prometheus_client` conventions (and Go's promhttp, which says `code`).
    package static let prometheusClient = MetricProfile(
        name: "prometheus_client",
        requestCounter: "http_requests_total",
        latencyHistogram: "http_request_duration_seconds",
        statusLabels: ["status", "code", "status_code"],
        routeLabels: ["handler", "route", "endpoint", "path", "http_route"],
        methodLabels: ["method", "http_method"]
    )

    package static let all: [MetricProfile] = [.vitals, .hummingbird, .vapor, .micrometer, .prometheusClient]

    package static func named(_ name: String) -> MetricProfile? { self.all.first { $0.name == name } }

    /// Every family any profile reads: what an `auto` scrape keeps until it knows the profile.
    package static let anyFamily: Set<String> = Self.all.reduce(into: Set()) { $0.formUnion($1.families) }

    /// The first profile whose request families the exposition has.
    package static func detect(in exposition: Exposition) -> MetricProfile? {
        let names = Set(exposition.families.map(\.name))
        return self.all.first { profile in
            names.contains(profile.latencyHistogram) || (profile.requestCounter.map { !Self.counterNames($0).isDisjoint(with: names) } ?? false)
        }
    }

    /// A counter's family is `x_total` in the classic format and `x` in OpenMetrics.
    static func counterNames(_ name: String) -> Set<String> {
        name.hasSuffix("_total") ? [name, String(name.dropLast(6))] : [name, name + "_total"]
    }

    /// The process families read as context: CPU time and resident memory.
    static let processFamilies: Set<String> = MetricProfile.counterNames(Signal.Process.cpuSeconds.name).union([Signal.Process.residentMemory.name])

    /// Calls to dependencies, whichever profile the HTTP server metrics follow (the conventions' names),
    /// and the build, whose version changes are deploys.
    static let dependencyFamilies: Set<String> = [
        Signal.Dependency.databaseDuration.name, Signal.Dependency.httpDuration.name, Signal.Build.info.name,
    ]

    static let workerFamilies: Set<String> = Set(
        [
            Signal.Worker.eventsRead, Signal.Worker.eventsHandled, Signal.Worker.eventsFailed, Signal.Worker.processingDuration,
            Signal.Worker.queueDepth, Signal.Worker.queueOldestAge, Signal.Worker.lastRead, Signal.Worker.lastProgress,
        ]
        .flatMap { family in family.type == "counter" ? Array(Self.counterNames(family.name)) : [family.name] }
    )
}
