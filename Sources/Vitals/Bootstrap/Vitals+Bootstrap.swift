public import Foundation
import Logging
import Metrics
import OTel
import Prometheus
public import ServiceLifecycle
import Tracing
import VitalsBase
import VitalsSignals

extension Vitals {
    /// Sets up logging, metrics and tracing for this process. Call it once, first thing in `main`.
    ///
    /// - JSON (or console) logs with redaction, `trace_id`/`span_id` from the active span and the level from `LOG_LEVEL`;
    /// - swift-metrics bootstrapped onto ``Vitals/signals`` (which also carries `process_start_time_seconds`);
    /// - traces exported over OTLP/HTTP with W3C `traceparent` propagation when an endpoint is configured,
    ///   a no-op tracer otherwise.
    ///
    /// Put your services inside the returned ones with ``VitalsService/around(_:)``: at shutdown, readiness
    /// fails first, your server keeps serving for the drain period while load balancers take the instance
    /// out, then it stops, and traces are flushed last.
    ///
    /// ```swift
    /// let vitals = try Vitals.bootstrap(configuration: configuration)
    /// let group = ServiceGroup(services: vitals.around([app]), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    /// try await group.run()
    /// ```
    public static func bootstrap(
        configuration: Configuration = .default,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> VitalsService {
        let (configuration, warnings) = configuration.applyingEnvironment(environment)
        ProcessRedaction.install(configuration.redaction)
        // Logging first, so that swift-otel's own diagnostics are written by the same handler (JSON lines,
        // not console text on stderr); its metadata provider needs only the span context, not the exporter.
        let metadataProvider = configuration.tracesEndpoint == nil ? nil : OTel.makeLoggingMetadataProvider()
        let makeHandler = configuration.makeLogHandler(metadataProvider: metadataProvider)
        LoggingSystem.bootstrap({ label, _ in makeHandler(label) }, metadataProvider: metadataProvider)
        var tracingService: (any Service)?
        if let endpoint = configuration.tracesEndpoint {
            let backend = try self.makeTracing(
                endpoint: endpoint,
                configuration: configuration,
                redactor: Redactor(policy: configuration.redaction),
                diagnostics: Logger(label: "vitals.otel")
            )
            InstrumentationSystem.bootstrap(backend.tracer)
            tracingService = backend.service
        }
        MetricsSystem.bootstrap(SwiftMetricsFactory(signals: self.signals))
        self.signals.recordBuild(version: configuration.serviceVersion, revision: configuration.revision)

        let logger = Logger(label: "vitals")
        for warning in warnings { logger.warning("Ignored an unreadable setting", metadata: ["reason": "\(warning)"]) }
        logger.debug(
            "Vitals bootstrapped",
            metadata: ["log.format": "\(configuration.logFormat)", "tracing": "\(configuration.tracesEndpoint != nil)"]
        )
        return VitalsService(tracing: tracingService, health: self.health, drainPeriod: configuration.drainPeriod, clock: ContinuousClock())
    }
}

extension Vitals {
    /// An OTLP/HTTP (protobuf) trace exporter with W3C trace-context propagation whose spans are redacted
    /// by `redactor`, sampled parent-based at the configuration's ratio and describing the service by name,
    /// version and environment; swift-otel's environment variables (`OTEL_TRACES_SAMPLER`, `OTEL_BSP_*`,
    /// headers, …) apply on top. Its own diagnostics go to `diagnostics` from warning up: which exporters
    /// are off is not news.
    static func makeTracing(
        endpoint: String,
        configuration: Configuration,
        redactor: Redactor = Redactor(),
        diagnostics: Logger = Logger(label: "vitals.otel")
    ) throws -> (tracer: any Tracer, service: any Service) {
        var otel = OTel.Configuration.default
        otel.serviceName = configuration.serviceName
        otel.resourceAttributes["service.version"] = configuration.serviceVersion
        otel.resourceAttributes["deployment.environment.name"] = configuration.environment
        // Below 1, everything is recorded and KeepingTracer decides at the end which traces leave (the
        // failed and slow ones whatever the ratio); swift-otel's own sampler cannot, deciding at the start.
        let keeping =
            configuration.traceSampleRatio < 1
            ? TraceKeeping(ratio: configuration.traceSampleRatio, slowerThan: configuration.keepTracesSlowerThan) : nil
        if let sampler = OTel.Configuration.TracesConfiguration.SamplerConfiguration.parentBasedTraceIDRatio(ratio: 1) {
            otel.traces.sampler = sampler
        }
        otel.logs.enabled = false
        otel.metrics.enabled = false
        otel.traces.otlpExporter.endpoint = endpoint
        otel.traces.otlpExporter.protocol = .httpProtobuf
        otel.propagators = [.traceContext]
        otel.diagnosticLogger = .custom(diagnostics)
        otel.diagnosticLogLevel = .warning
        let backend = try OTel.makeTracingBackend(configuration: otel)
        let redacting = RedactingTracer(backend.factory, redactor: redactor)
        return (keeping.map { KeepingTracer(redacting, keeping: $0) } ?? redacting, backend.service)
    }
}

/// What ``Vitals/bootstrap(configuration:environment:)`` runs: the trace exporter, and the drain that
/// fails readiness before a server stops.
///
/// A `ServiceGroup` shuts its services down in reverse order, one after the other; ``around(_:)`` places the
/// drain after your services (so it goes first) and the exporter before them (so it goes last):
///
/// 1. SIGTERM: readiness answers 503 at once, and for ``drainPeriod`` everything else still answers;
/// 2. your services shut down (the HTTP server stops accepting, finishes in-flight requests);
/// 3. the exporter flushes the spans of those last requests.
///
/// Run on its own (as one service), it does both at once: readiness fails and spans flush when shutdown begins.
public struct VitalsService: Service {
    let tracing: (any Service)?
    let health: HealthRegistry
    /// How long the drain waits, with readiness failing, before the services it surrounds shut down.
    public let drainPeriod: Duration
    let clock: AnyClock

    /// The services around `health`, draining for `drainPeriod` on `clock`.
    package init(tracing: (any Service)?, health: HealthRegistry, drainPeriod: Duration, clock: some Clock<Duration>) {
        self.tracing = tracing
        self.health = health
        self.drainPeriod = drainPeriod
        self.clock = AnyClock(clock)
    }

    /// `services` between Vitals' own: the exporter first, then `services`, then the drain.
    public func around(_ services: [any Service]) -> [any Service] {
        [Exporting(tracing: self.tracing)] + services + [Draining(health: self.health, period: self.drainPeriod, clock: self.clock)]
    }

    /// Both roles in one service: exports until shutdown, marking readiness as draining when it begins.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await Exporting(tracing: self.tracing).run()
        } onGracefulShutdown: {
            self.health.markDraining()
        }
    }

    /// Runs the trace exporter (or waits for shutdown when tracing is off); it flushes when shut down.
    struct Exporting: Service {
        let tracing: (any Service)?

        func run() async throws {
            if let tracing {
                try await tracing.run()
            } else {
                try? await gracefulShutdown()
            }
        }
    }

    /// Waits for shutdown, then fails readiness and keeps the services after it running for `period`.
    struct Draining: Service {
        let health: HealthRegistry
        let period: Duration
        let clock: AnyClock

        func run() async throws {
            try? await gracefulShutdown()
            self.health.markDraining()
            try? await self.clock.sleep(for: self.period)
        }
    }
}
