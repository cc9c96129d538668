/// The findings a regular expression over one file can make, per language.
enum LineRules {
    static let code: Set<Language> = [.swift, .python, .javascript, .go]
    static let identifiers = #"user_?id|account_?id|request_?id|session_?id|customer_?id|e_?mail|raw_?path"#
    static let secrets = #"password|passwd|secret|token|authorization|api_?key|credential|request\.body|req\.body|r\.Body"#

    static let all: [LineRule] = [
        LineRule(
            id: "log.print", severity: .warning, languages: [.swift, .python], view: .bare, pattern: #"(?<![\w.])print\("#,
            message: "print used for logging: unstructured, unlevelled, and lost by most log pipelines",
            hint: "log through a structured logger (swift-log with Vitals' JSON handler; Python's logging with a JSON formatter)", literals: ["print("]),
        LineRule(
            id: "log.print", severity: .warning, languages: [.javascript], view: .bare, pattern: #"\bconsole\.(log|info|warn|error|debug)\("#,
            message: "console.log used for logging: unstructured and unlevelled",
            hint: "log through a structured logger (pino, winston with format.json)", literals: ["console."]),
        LineRule(
            id: "log.print", severity: .warning, languages: [.go], view: .bare, pattern: #"\bfmt\.Print(ln|f)?\("#,
            message: "fmt.Println used for logging: unstructured and unlevelled",
            hint: "log through log/slog with a JSON handler", literals: ["fmt.Print"]),
        LineRule(
            id: "log.unstructured", severity: .warning, languages: [.swift], view: .bare, pattern: #"LoggingSystem\.bootstrap\(\s*StreamLogHandler"#,
            message: "logging is set up with plain-text StreamLogHandler",
            hint: "bootstrap a JSON handler (Vitals.bootstrap does) so logs carry request and trace ids as fields", literals: ["StreamLogHandler"]),
        LineRule(
            id: "log.unstructured", severity: .warning, languages: [.python], view: .code, pattern: #"logging\.basicConfig\((?![^)]*(json|Json|JSON))[^)]*\)"#,
            message: "logging.basicConfig without a structured formatter",
            hint: "use a JSON formatter (python-json-logger, structlog)", literals: ["basicConfig"]),
        LineRule(
            id: "log.unstructured", severity: .warning, languages: [.go], view: .bare, pattern: #"\blog\.(New|SetFlags|Printf|Println)\("#,
            message: "the standard log package writes unstructured lines",
            hint: "use log/slog with slog.NewJSONHandler", literals: ["log."]),
        LineRule(
            id: "log.secret", severity: .error, languages: code, view: .code,
            pattern: #"\b(logger|log|logging|console|slog|self\.logger|context\.logger)\.(trace|debug|info|notice|warning|warn|error|critical|fatal|log|Printf|Println|Info|Error|Debug|Warn)\w*\([^\n]*\b("# + secrets + #")\b"#,
            message: "a secret, token, authorization header or request body is passed to a log call",
            hint: "log an identifier or a redacted form; Vitals' redaction covers metadata keys like these", literals: ["log", "Log", "console"]),
        LineRule(
            id: "metrics.high_cardinality_label", severity: .error, languages: code, view: .code,
            pattern: #"(label|dimension)[^\n]*["'`](\#(identifiers))["'`]|\.labels\([^)\n]*\b(\#(identifiers))\s*="#,
            message: "a metric label holds one value per user, account, request, session, email or raw path: unbounded series",
            hint: "label by something bounded (route template, status class); put identifiers in logs and traces", literals: ["label", "Label", "dimension", "Dimension"]),
        LineRule(
            id: "slo.hundred_percent", severity: .error, languages: [.yaml], view: .code,
            pattern: #"(?m)^\s*(availability|target|objective)\s*:\s*["']?100(\.0+)?\s*%?["']?\s*$"#,
            message: "an SLO target of 100% leaves no error budget: every failure is a breach",
            hint: "pick a target users would notice missing, e.g. 99.9%", literals: ["100"]),
        LineRule(
            id: "config.debug_in_production", severity: .warning, languages: [.yaml], view: .code,
            pattern: #"(?m)^\s*(log_?level|level)\s*:\s*["']?debug\b"#,
            message: "DEBUG logging in production configuration", hint: "use info in production; raise verbosity per request or for a while instead",
            paths: #"prod"#, literals: ["debug", "DEBUG", "Debug"]),
        LineRule(
            id: "config.debug_in_production", severity: .warning, languages: [.dockerfile], view: .code,
            pattern: #"(?m)^\s*ENV\s+[^\n]*LOG_?LEVEL[= ]\s*["']?debug\b"#,
            message: "the image sets DEBUG logging", hint: "default to info in the image; raise verbosity by configuration when needed", literals: ["debug", "DEBUG", "Debug"]),
        LineRule(
            id: "health.liveness_dependencies", severity: .warning, languages: code, view: .code,
            pattern: #"(\.liveness|["'`]/(health/)?live(z|ness)?["'`])[^\n]*(\n[^\n]*){0,3}?(database|\bdb\b|\.query\(|redis|postgres|\bsql\b|\.ping\()"#,
            message: "a liveness check touches a dependency: a database outage would restart every instance",
            hint: "liveness says the process is not wedged; check dependencies in readiness", literals: ["live", "Live"]),
        LineRule(
            id: "metrics.behind_auth", severity: .warning, languages: code, view: .code,
            pattern: #"(?s)\b(auth\w*|Authenticat\w*|requireAuth|jwt)\w*[^\n]*\n.{0,600}?["'`]/metrics["'`]"#,
            message: "the /metrics endpoint is registered after authentication middleware: scrapers will get 401",
            hint: "register /metrics (and health routes) before auth, or on a separate port", literals: ["/metrics"]),
    ]

    /// Test code prints and fakes secrets on purpose.
    static func isTest(_ file: String) -> Bool {
        file.firstMatch(of: #/(^|/)(Tests?|tests?|__tests__|spec)/|_test\.go$|\.(test|spec)\.(js|ts)$|(^|/)test_[^/]*\.py$/#) != nil
    }

    /// `all`, compiled once.
    static let compiled: [Pattern] = all.map { Pattern($0.pattern, caseInsensitive: true) }
}
