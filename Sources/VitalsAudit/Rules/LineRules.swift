/// The findings one file can make on its own, per language. Each rule names the literals any of its
/// matches contains (lower case) and, where those do not decide, the regular expression that does.
enum LineRules {
    static let code: Set<Language> = [.swift, .python, .javascript, .go]
    static let identifiers = #"user_?id|account_?id|request_?id|session_?id|customer_?id|e_?mail|raw_?path"#
    static let identifierNeedles: [Needle] = [
        "userid", "user_id", "accountid", "account_id", "requestid", "request_id", "sessionid", "session_id",
        "customerid", "customer_id", "email", "e_mail", "rawpath", "raw_path",
    ]
    static let secrets = #"password|passwd|secret|token|authorization|api_?key|credential|request\.body|req\.body|r\.Body"#
    static let secretNeedles: [Needle] = Needle.word(
        "password",
        "passwd",
        "secret",
        "token",
        "authorization",
        "apikey",
        "api_key",
        "credential",
        "request.body",
        "req.body",
        "r.body"
    )

    static let all: [LineRule] = [
        LineRule(
            id: "log.print",
            severity: .warning,
            languages: [.swift, .python],
            view: .bare,
            needles: Needle.identifier("print("),
            message: "print used for logging: unstructured, unlevelled, and lost by most log pipelines",
            hint: "log through a structured logger (swift-log with Vitals' JSON handler; Python's logging with a JSON formatter)"
        ),
        LineRule(
            id: "log.print",
            severity: .warning,
            languages: [.javascript],
            view: .bare,
            needles: Needle.word("console.log(", "console.info(", "console.warn(", "console.error(", "console.debug("),
            message: "console.log used for logging: unstructured and unlevelled",
            hint: "log through a structured logger (pino, winston with format.json)"
        ),
        LineRule(
            id: "log.print",
            severity: .warning,
            languages: [.go],
            view: .bare,
            needles: Needle.word("fmt.print(", "fmt.println(", "fmt.printf("),
            message: "fmt.Println used for logging: unstructured and unlevelled",
            hint: "log through log/slog with a JSON handler"
        ),
        LineRule(
            id: "log.unstructured",
            severity: .warning,
            languages: [.swift],
            view: .bare,
            needles: ["streamloghandler"],
            pattern: #"LoggingSystem\.bootstrap\(\s*StreamLogHandler"#,
            bytesBefore: 256,
            message: "logging is set up with plain-text StreamLogHandler",
            hint: "bootstrap a JSON handler (Vitals.bootstrap does) so logs carry request and trace ids as fields"
        ),
        LineRule(
            // The arguments may span lines: the check reads up to 20 after the call.
            id: "log.unstructured",
            severity: .warning,
            languages: [.python],
            view: .code,
            needles: ["logging.basicconfig("],
            pattern: #"logging\.basicConfig\((?![^)]*(json|Json|JSON))[^)]*\)"#,
            linesAfter: 20,
            message: "logging.basicConfig without a structured formatter",
            hint: "use a JSON formatter (python-json-logger, structlog)"
        ),
        LineRule(
            id: "log.unstructured",
            severity: .warning,
            languages: [.go],
            view: .bare,
            needles: Needle.word("log.new(", "log.setflags(", "log.printf(", "log.println("),
            message: "the standard log package writes unstructured lines",
            hint: "use log/slog with slog.NewJSONHandler"
        ),
        LineRule(
            id: "log.secret",
            severity: .error,
            languages: code,
            view: .code,
            needles: secretNeedles,
            pattern:
                #"\b(logger|log|logging|console|slog|self\.logger|context\.logger)\.(trace|debug|info|notice|warning|warn|error|critical|fatal|log|Printf|Println|Info|Error|Debug|Warn)\w*\([^\n]*\b("#
                + secrets + #")\b"#,
            message: "a secret, token, authorization header or request body is passed to a log call",
            hint: "log an identifier or a redacted form; Vitals' redaction covers metadata keys like these"
        ),
        LineRule(
            id: "metrics.high_cardinality_label",
            severity: .error,
            languages: code,
            view: .code,
            needles: identifierNeedles,
            pattern: #"(label|dimension)[^\n]*["'`](\#(identifiers))["'`]|\.labels\([^)\n]*\b(\#(identifiers))\s*="#,
            message: "a metric label holds one value per user, account, request, session, email or raw path: unbounded series",
            hint: "label by something bounded (route template, status class); put identifiers in logs and traces"
        ),
        LineRule(
            id: "slo.hundred_percent",
            severity: .error,
            languages: [.yaml],
            view: .code,
            needles: ["100"],
            pattern: #"^\s*(availability|target|objective)\s*:\s*["']?100(\.0+)?\s*%?["']?\s*$"#,
            message: "an SLO target of 100% leaves no error budget: every failure is a breach",
            hint: "pick a target users would notice missing, e.g. 99.9%"
        ),
        LineRule(
            id: "config.debug_in_production",
            severity: .warning,
            languages: [.yaml],
            view: .code,
            needles: ["debug"],
            pattern: #"^\s*(log_?level|level)\s*:\s*["']?debug\b"#,
            message: "DEBUG logging in production configuration",
            hint: "use info in production; raise verbosity per request or for a while instead",
            paths: "prod"
        ),
        LineRule(
            id: "config.debug_in_production",
            severity: .warning,
            languages: [.dockerfile],
            view: .code,
            needles: ["debug"],
            pattern: #"^\s*ENV\s+[^\n]*LOG_?LEVEL[= ]\s*["']?debug\b"#,
            message: "the image sets DEBUG logging",
            hint: "default to info in the image; raise verbosity by configuration when needed"
        ),
        LineRule(
            id: "health.liveness_dependencies",
            severity: .warning,
            languages: code,
            view: .code,
            needles: [".liveness", "/live"],
            pattern:
                #"(\.liveness|["'`]/(health/)?live(z|ness)?["'`])[^\n]*(\n[^\n]*){0,3}?(database|\bdb\b|\.query\(|redis|postgres|\bsql\b|\.ping\()"#,
            linesAfter: 3,
            endsInCode: true,
            message: "a liveness check touches a dependency: a database outage would restart every instance",
            hint: "liveness says the process is not wedged; check dependencies in readiness"
        ),
        LineRule(
            // The authentication line may be up to 600 characters (1,800 bytes of UTF-8) before /metrics.
            id: "metrics.behind_auth",
            severity: .warning,
            languages: code,
            view: .code,
            needles: ["/metrics"],
            pattern: #"(?s)\b(auth\w*|Authenticat\w*|requireAuth|jwt)\w*[^\n]*\n.{0,600}?["'`]/metrics["'`]"#,
            bytesBefore: 1_802,
            message: "the /metrics endpoint is registered after authentication middleware: scrapers will get 401",
            hint: "register /metrics (and health routes) before auth, or on a separate port"
        ),
    ]

    /// Test code is not what runs in production: it prints, fakes secrets and builds odd metrics on purpose.
    static func isTest(_ file: String) -> Bool {
        let parts = file.split(separator: "/")
        let name = parts.last.map(String.init) ?? file
        return parts.dropLast().contains { ["Tests", "Test", "tests", "test", "__tests__", "spec"].contains($0) }
            || name.hasSuffix("_test.go") || (name.hasPrefix("test_") && name.hasSuffix(".py"))
            || [".test.js", ".spec.js", ".test.ts", ".spec.ts"].contains { name.hasSuffix($0) }
    }

    /// Where printing is the program's output, not its logging: benchmarks, scripts and tools by
    /// directory, and command-line programs by what they import (found in the catalog's pass).
    static func printsOutput(_ file: String) -> Bool {
        file.split(separator: "/").dropLast().contains { ["Benchmarks", "benchmarks", "bench", "scripts", "tools", "examples"].contains($0) }
    }

    static let commandLine = Matcher(
        languages: code,
        view: .code,
        needles: [
            "import argumentparser", "import argparse", "import click", "import typer", #"require("commander")"#, #"require("yargs")"#,
        ]
    )
}
