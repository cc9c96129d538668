public import Foundation
public import Logging
import Metrics
import OTel
import Prometheus
public import ServiceLifecycle
import Tracing
import VitalsSignals

extension Vitals {
    /// Sets up logging, metrics and tracing for this process. Call it once, first thing in `main`.
    ///
    /// - JSON (or console) logs with redaction, `trace_id`/`span_id` from the active span and the level from `LOG_LEVEL`;
    /// - swift-metrics bootstrapped onto ``Vitals/signals`` (which also carries `process_start_time_seconds`);
    /// - traces exported over OTLP/HTTP with W3C `traceparent` propagation when an endpoint is configured,
    ///   a no-op tracer otherwise.
    ///
    /// Run the returned service in your `ServiceGroup`: it flushes traces on shutdown and turns
    /// readiness to failing as soon as graceful shutdown begins, so load balancers drain the instance.
    ///
    /// ```swift
    /// let vitals = try Vitals.bootstrap(configuration: configuration)
    /// let group = ServiceGroup(services: [vitals, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    /// try await group.run()
    /// ```
    public static func bootstrap(
        configuration: Configuration = .default,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> some Service {
        let (configuration, warnings) = configuration.applyingEnvironment(environment)
        var tracingService: (any Service)?
        var metadataProvider: Logger.MetadataProvider?
        if let endpoint = configuration.tracesEndpoint {
            let backend = try self.makeTracing(endpoint: endpoint, serviceName: configuration.serviceName)
            InstrumentationSystem.bootstrap(backend.tracer)
            tracingService = backend.service
            metadataProvider = OTel.makeLoggingMetadataProvider()
        }
        let makeHandler = configuration.makeLogHandler(metadataProvider: metadataProvider)
        LoggingSystem.bootstrap({ label, _ in makeHandler(label) }, metadataProvider: metadataProvider)
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: self.signals.prometheus))

        let logger = Logger(label: "vitals")
        for warning in warnings { logger.warning("Ignored an unreadable setting", metadata: ["reason": "\(warning)"]) }
        logger.debug(
            "Vitals bootstrapped",
            metadata: ["log.format": "\(configuration.logFormat)", "tracing": "\(configuration.tracesEndpoint != nil)"]
        )
        return VitalsService(tracing: tracingService, health: self.health)
    }
}

extension Vitals {
    /// An OTLP/HTTP (protobuf) trace exporter with W3C trace-context propagation; swift-otel's environment
    /// variables (`OTEL_TRACES_SAMPLER`, `OTEL_BSP_*`, headers, …) apply on top.
    static func makeTracing(endpoint: String, serviceName: String) throws -> (tracer: any Tracer, service: any Service) {
        var otel = OTel.Configuration.default
        otel.serviceName = serviceName
        otel.logs.enabled = false
        otel.metrics.enabled = false
        otel.traces.otlpExporter.endpoint = endpoint
        otel.traces.otlpExporter.protocol = .httpProtobuf
        otel.propagators = [.traceContext]
        let backend = try OTel.makeTracingBackend(configuration: otel)
        return (backend.factory, backend.service)
    }
}

/// Keeps the tracing exporter running and marks readiness as draining when shutdown begins.
struct VitalsService: Service {
    let tracing: (any Service)?
    let health: HealthRegistry

    func run() async throws {
        try await withGracefulShutdownHandler {
            if let tracing {
                try await tracing.run()
            } else {
                try? await gracefulShutdown()
            }
        } onGracefulShutdown: {
            self.health.markDraining()
        }
    }
}
