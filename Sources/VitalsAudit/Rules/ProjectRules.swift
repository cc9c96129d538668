/// Findings about what a project lacks as a whole: no metrics, tracing, health endpoints, alerts or
/// runbooks anywhere. Each signal is looked for in every file (comments aside) until one shows it;
/// absent means absent from all of them.
enum ProjectRules {
    struct Need: Sendable {
        var id: String
        var severity: Finding.Severity
        var evidence: Matcher
        var message: String
        var hint: String

        init(id: String, severity: Finding.Severity, needles: [Needle], pattern: String, caseInsensitive: Bool = false, message: String, hint: String)
        {
            self.id = id
            self.severity = severity
            self.evidence = Matcher(
                languages: Set(Language.allCases),
                view: .code,
                needles: needles,
                verify: Pattern(pattern, caseInsensitive: caseInsensitive)
            )
            self.message = message
            self.hint = hint
        }
    }

    static let needs: [Need] = [
        Need(
            id: "metrics.missing",
            severity: .error,
            needles: [
                "import prometheus", "import metrics", "swift-prometheus", "prometheus_client", "prom-client", "client_golang", "micrometer",
                "addvitalsroutes", "/metrics",
            ],
            pattern:
                #"import Prometheus|import Metrics|swift-prometheus|prometheus_client|prom-client|client_golang|micrometer|addVitalsRoutes|["'`]/metrics["'`]"#,
            message: "no metrics library and no /metrics endpoint: request rate, errors and latency are invisible",
            hint: "add swift-prometheus (Vitals does) or your language's Prometheus client and serve /metrics"
        ),
        Need(
            id: "tracing.missing",
            severity: .warning,
            needles: ["import tracing", "import otel", "swift-otel", "opentelemetry", "ddtrace", "jaeger"],
            pattern: #"import Tracing|import OTel|swift-otel|opentelemetry|@opentelemetry|go\.opentelemetry\.io|ddtrace|jaeger"#,
            caseInsensitive: true,
            message: "no tracing: a slow request cannot be followed across services",
            hint: "add OpenTelemetry (Vitals bootstraps swift-otel with OTLP/HTTP)"
        ),
        Need(
            id: "health.missing",
            severity: .error,
            needles: ["/health", "healthz", "livez", "readyz", "healthregistry", "addvitalsroutes", "livenessprobe", "healthcheck"],
            pattern: #"/health|healthz|livez|readyz|HealthRegistry|addVitalsRoutes|livenessProbe|HEALTHCHECK"#,
            message: "no health endpoint, no probe in manifests and no HEALTHCHECK: an orchestrator cannot tell a dead instance",
            hint: "serve /health/live and /health/ready (Vitals' HealthRegistry) and probe them"
        ),
        Need(
            id: "alerts.missing",
            severity: .warning,
            needles: ["alert:", "vitals.yml"],
            pattern: #"^\s*-?\s*alert:\s*\S|vitals\.yml"#,
            message: "no alerting rules: nobody is told when the service stops doing its job",
            hint: "write vitals.yml and run vitals serve, or compile it with vitals rules"
        ),
        Need(
            id: "runbooks.missing",
            severity: .warning,
            needles: ["runbook"],
            pattern: #"runbook"#,
            caseInsensitive: true,
            message: "no runbooks: whoever is paged starts from nothing",
            hint: "add runbook links to alerts (vitals rules prefills runbooks/)"
        ),
    ]
}
