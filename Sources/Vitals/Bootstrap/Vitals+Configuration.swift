public import Logging
import VitalsBase

extension Vitals {
    /// Everything ``Vitals/bootstrap(configuration:)`` sets up. Each field can also come from the environment.
    ///
    /// ```swift
    /// var configuration = Vitals.Configuration.default
    /// configuration.serviceName = "orders-api"
    /// configuration.redaction.deny.insert("ssn")
    /// let vitals = try Vitals.bootstrap(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// The `service` field of every log line and the OTel `service.name`.
        /// Default `unknown_service`; environment `OTEL_SERVICE_NAME`.
        public var serviceName: String = "unknown_service"
        /// The `environment` field of every log line and the OTel `deployment.environment.name`.
        /// Default `development`; environment `VITALS_ENVIRONMENT`.
        public var environment: String = "development"
        /// The version running, e.g. `1.4.3`: the `version` label of `vitals_build_info` (a change of it is a
        /// deploy to the watcher) and the OTel `service.version`. Default `unknown`; environment
        /// `OTEL_SERVICE_VERSION` or `VITALS_VERSION`.
        public var serviceVersion: String = "unknown"
        /// The source revision built, e.g. a git commit: the `revision` label of `vitals_build_info`.
        /// Default empty; environment `VITALS_REVISION`.
        public var revision: String = ""
        /// The share of traces exported, from 0 to 1, decided from the trace id so that every Vitals service
        /// keeps the same ones; a trace in which this process failed or was slow (``keepTracesSlowerThan``)
        /// is exported whatever the ratio. Below 1 every trace is recorded and held until its last local span
        /// ends (see `TraceKeeping`). A caller that did not sample a trace is followed. Default 1;
        /// environment `OTEL_TRACES_SAMPLER_ARG`.
        public var traceSampleRatio: Double = 1
        /// With a ratio below 1, a trace whose request (or any span of it here) took this long or longer is
        /// exported anyway; nil keeps only the failed ones beyond the ratio. Default 1 s; environment
        /// `VITALS_TRACES_KEEP_SLOWER_THAN` (seconds).
        public var keepTracesSlowerThan: Duration? = .seconds(1)
        /// Lowest level written. Default `info`; environment `LOG_LEVEL` (`trace` … `critical`).
        public var logLevel: Logger.Level = .info
        /// JSON lines or console lines. Default `.json`; environment `VITALS_LOG_FORMAT` (`json`, `console`).
        public var logFormat: LogFormat = .json
        /// Where lines go. Default standard output.
        public var logOutput: LogOutput = .standardOutput
        /// What never leaves the process: in log lines, health answers, exported spans and ping bodies.
        /// Default ``RedactionPolicy/default``; in force as ``Vitals/redactor`` once bootstrapped.
        public var redaction: RedactionPolicy = .default
        /// Full OTLP/HTTP URL traces are posted to, e.g. `http://collector:4318/v1/traces`; tracing is a no-op when `nil`.
        /// Default `nil`; environment `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or
        /// `OTEL_EXPORTER_OTLP_ENDPOINT` (a base, `/v1/traces` appended).
        public var tracesEndpoint: String?
        /// How long an instance keeps serving after shutdown begins, with readiness already failing, so load
        /// balancers stop sending it traffic before its port closes. Default 5 s; environment
        /// `VITALS_DRAIN_PERIOD` (`10s`, `500ms`, or seconds). See ``VitalsService/around(_:)``.
        public var drainPeriod: Duration = .seconds(5)

        /// The defaults, before the environment is applied.
        public init() {}

        /// Defaults, before the environment is applied.
        public static let `default` = Configuration()

        /// This configuration with the environment variables named on each field applied over it.
        /// Unreadable values (an unknown level, say) are reported in the returned warnings and ignored.
        public func applyingEnvironment(_ environment: [String: String]) -> (Configuration, warnings: [String]) {
            var configuration = self
            var warnings: [String] = []
            if let name = environment["OTEL_SERVICE_NAME"], !name.isEmpty { configuration.serviceName = name }
            if let name = environment["VITALS_ENVIRONMENT"], !name.isEmpty { configuration.environment = name }
            if let version = environment["OTEL_SERVICE_VERSION"] ?? environment["VITALS_VERSION"], !version.isEmpty {
                configuration.serviceVersion = version
            }
            if let revision = environment["VITALS_REVISION"], !revision.isEmpty { configuration.revision = revision }
            if let text = environment["OTEL_TRACES_SAMPLER_ARG"], !text.isEmpty {
                if let ratio = Double(text), (0...1).contains(ratio) {
                    configuration.traceSampleRatio = ratio
                } else {
                    warnings.append("OTEL_TRACES_SAMPLER_ARG=\(text) is not a ratio from 0 to 1; using \(configuration.traceSampleRatio)")
                }
            }
            if let text = environment["VITALS_TRACES_KEEP_SLOWER_THAN"], !text.isEmpty {
                if let seconds = Double(text), seconds.isFinite, seconds > 0, seconds < 86_400 {
                    configuration.keepTracesSlowerThan = .milliseconds(Int64((seconds * 1000).rounded()))
                } else {
                    warnings.append(
                        "VITALS_TRACES_KEEP_SLOWER_THAN=\(text) is not a number of seconds above 0; keeping traces slower than the default"
                    )
                }
            }
            if let level = environment["LOG_LEVEL"], !level.isEmpty {
                if let parsed = Logger.Level(rawValue: level.lowercased()) {
                    configuration.logLevel = parsed
                } else {
                    warnings.append(
                        "LOG_LEVEL=\(level) is not a level (trace, debug, info, notice, warning, error, critical); using \(configuration.logLevel)"
                    )
                }
            }
            if let format = environment["VITALS_LOG_FORMAT"], !format.isEmpty {
                if let parsed = LogFormat(format) {
                    configuration.logFormat = parsed
                } else {
                    warnings.append("VITALS_LOG_FORMAT=\(format) is not json or console; using \(configuration.logFormat)")
                }
            }
            if let text = environment["VITALS_DRAIN_PERIOD"], !text.isEmpty {
                if let period = Self.duration(text) {
                    configuration.drainPeriod = period
                } else {
                    warnings.append(
                        "VITALS_DRAIN_PERIOD=\(text) is not a duration such as 5s or 500ms (at most 10m); using \(configuration.drainPeriod)"
                    )
                }
            }
            // As the OTLP specification says: the signal-specific variable is the full URL, the generic one a base.
            if let endpoint = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !endpoint.isEmpty {
                configuration.tracesEndpoint = endpoint
            } else if let base = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !base.isEmpty {
                configuration.tracesEndpoint = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/traces"
            }
            return (configuration, warnings)
        }

        /// `5s`, `500ms`, `1m` or plain seconds, from 0 to 10 minutes; nil otherwise.
        static func duration(_ text: String) -> Duration? {
            let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
            let unit = units.first { text.hasSuffix($0.0) && Double(text.dropLast($0.0.count)) != nil }
            guard let number = Double(unit.map { String(text.dropLast($0.0.count)) } ?? text) else { return nil }
            let seconds = number * (unit?.1 ?? 1)
            guard seconds >= 0, seconds <= 600 else { return nil }
            return Duration(finiteSeconds: seconds)
        }

        /// A log handler factory for this configuration.
        public func makeLogHandler(metadataProvider: Logger.MetadataProvider? = nil) -> @Sendable (String) -> any LogHandler {
            let configuration = self
            return { label in
                if configuration.logFormat == .json {
                    return JSONLogHandler(
                        label: label,
                        service: configuration.serviceName,
                        environment: configuration.environment,
                        level: configuration.logLevel,
                        redaction: configuration.redaction,
                        output: configuration.logOutput,
                        metadataProvider: metadataProvider
                    )
                }
                return ConsoleLogHandler(
                    label: label,
                    level: configuration.logLevel,
                    redaction: configuration.redaction,
                    output: configuration.logOutput,
                    metadataProvider: metadataProvider
                )
            }
        }
    }
}
