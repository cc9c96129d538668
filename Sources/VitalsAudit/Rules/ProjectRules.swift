/// Findings about what a project lacks as a whole: no metrics, tracing, health endpoints, alerts or
/// runbooks anywhere. Each signal is looked for in every file (comments aside) until one shows it;
/// absent means absent from all of them.
enum ProjectRules {
    struct Need: Sendable {
        var id: String
        var severity: Finding.Severity
        var evidence: Matcher
        var message: String
        /// The fix in the project's main language; `hint` when it has none or another.
        var hints: [Language: String]
        var hint: String

        init(
            id: String,
            severity: Finding.Severity,
            needles: [Needle],
            pattern: String,
            caseInsensitive: Bool = false,
            message: String,
            hint: String,
            hints: [Language: String] = [:]
        ) {
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
            self.hints = hints
        }

        func hint(for language: Language?) -> String { language.flatMap { self.hints[$0] } ?? self.hint }
    }

    static let needs: [Need] = [
        Need(
            id: "metrics.missing",
            severity: .error,
            needles: [
                "import prometheus", "import metrics", "swift-prometheus", "prometheus_client", "prom-client", "client_golang", "micrometer",
                "addvitalsroutes", "/metrics", "prometheus-fastapi", "django_prometheus", "express-prom-bundle", "nestjs-prometheus",
            ],
            pattern:
                #"import Prometheus|import Metrics|swift-prometheus|prometheus_client|prom-client|client_golang|io\.micrometer|micrometer-registry|addVitalsRoutes|["'`]/metrics["'`]|prometheus-fastapi|django_prometheus|express-prom-bundle|nestjs-prometheus"#,
            message: "no metrics library and no /metrics endpoint: request rate, errors and latency are invisible",
            hint: "add your language's Prometheus client and serve /metrics",
            hints: [
                .swift: "add Vitals (swift-prometheus underneath) and serve /metrics with addVitalsRoutes",
                .python: "add prometheus_client (or prometheus-fastapi-instrumentator, django-prometheus) and serve /metrics",
                .javascript: "add prom-client (express-prom-bundle, @willsoto/nestjs-prometheus) and serve /metrics",
                .go: "add client_golang (promhttp.Handler()) and serve /metrics",
            ]
        ),
        Need(
            id: "tracing.missing",
            severity: .warning,
            // Library names as code names them, not the words: a password dictionary says "jaeger".
            needles: ["import tracing", "import otel", "swift-otel", "opentelemetry", "ddtrace", "jaeger", "zipkin"],
            pattern:
                #"import Tracing|import OTel|swift-otel|opentelemetry|go\.opentelemetry\.io|ddtrace|jaeger[-_.]?(client|exporter|tracing|thrift)|jaegertracing|JaegerExporter|zipkin[-_.]?(exporter|go|js|reporter)|openzipkin"#,
            caseInsensitive: true,
            message: "no tracing: a slow request cannot be followed across services",
            hint: "add OpenTelemetry with an OTLP exporter",
            hints: [
                .swift: "add Vitals (it bootstraps swift-otel with OTLP/HTTP)",
                .python: "add opentelemetry-sdk with opentelemetry-instrumentation for your framework and the OTLP exporter",
                .javascript: "add @opentelemetry/sdk-node with @opentelemetry/auto-instrumentations-node",
                .go: "add go.opentelemetry.io/otel with otelhttp (or otelgrpc) and the OTLP exporter",
            ]
        ),
        Need(
            id: "health.missing",
            severity: .error,
            needles: ["/health", "healthz", "livez", "readyz", "healthregistry", "addvitalsroutes", "livenessprobe", "healthcheck"],
            pattern: #"/health|healthz|livez|readyz|HealthRegistry|addVitalsRoutes|livenessProbe|HEALTHCHECK"#,
            message: "no health endpoint, no probe in manifests and no HEALTHCHECK: an orchestrator cannot tell a dead instance",
            hint: "serve a liveness and a readiness endpoint and probe them",
            hints: [
                .swift: "serve /health/live and /health/ready (Vitals' HealthRegistry) and probe them",
                .python: "serve /health/live (the process answers) and /health/ready (its dependencies answer) and probe them",
                .javascript: "serve /health/live and /health/ready (@godaddy/terminus, @nestjs/terminus) and probe them",
                .go: "serve /health/live and /health/ready (net/http handlers; grpc_health_v1 for gRPC) and probe them",
            ]
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
