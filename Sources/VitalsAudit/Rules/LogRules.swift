/// The line rules about logging: printing instead of logging, plain-text loggers, and what must never
/// reach a log line (secrets, whole requests and headers, URLs with their query strings).
enum LogRules {
    static let calls =
        #"\b(logger|log|logging|console|slog|self\.logger|context\.logger|req\.log|request\.log)\.(trace|debug|info|notice|warning|warn|error|critical|fatal|log|Print|Printf|Println|Info|Infof|Infow|Error|Errorf|Errorw|Debug|Debugf|Warn|Warnf|With|Fatal|Fatalf)\w*\("#
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
    /// Where the output is meant for a person, printing is not logging.
    static let printing: FileRole = [.commandLine, .browser]

    static let all: [LineRule] = [
        LineRule(
            id: "log.print",
            severity: .warning,
            languages: [.swift],
            view: .bare,
            needles: Needle.identifier("print("),
            accept: Self.notUsage,
            message: "print used for logging: unstructured, unlevelled, and lost by most log pipelines",
            hint: "log through swift-log with a JSON handler (Vitals.bootstrap installs one)",
            exempt: Self.printing
        ),
        LineRule(
            id: "log.print",
            severity: .warning,
            languages: [.python],
            view: .bare,
            needles: Needle.identifier("print("),
            accept: Self.notUsage,
            message: "print used for logging: unstructured, unlevelled, and lost by most log pipelines",
            hint: "log through logging with a JSON formatter (python-json-logger) or structlog",
            exempt: Self.printing
        ),
        LineRule(
            id: "log.print",
            severity: .warning,
            languages: [.javascript],
            view: .bare,
            needles: Needle.word("console.log(", "console.info(", "console.warn(", "console.error(", "console.debug("),
            accept: Self.notUsage,
            message: "console.log used for logging: unstructured and unlevelled",
            hint: "log through a structured logger: pino, or winston with format.json()",
            exempt: Self.printing
        ),
        LineRule(
            id: "log.print",
            severity: .warning,
            languages: [.go],
            view: .bare,
            needles: Needle.word("fmt.print(", "fmt.println(", "fmt.printf("),
            accept: Self.notUsage,
            message: "fmt.Println used for logging: unstructured and unlevelled",
            hint: "log through log/slog with slog.NewJSONHandler (or zap, zerolog)",
            exempt: Self.printing
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
            hint: "bootstrap a JSON handler (Vitals.bootstrap does) so logs carry request and trace ids as fields",
            exempt: .commandLine
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
            hint: "use a JSON formatter (python-json-logger's JsonFormatter, or structlog)",
            exempt: .commandLine
        ),
        LineRule(
            id: "log.unstructured",
            severity: .warning,
            languages: [.python],
            view: .code,
            needles: ["logging.formatter("],
            pattern: #"logging\.Formatter\(\s*(fmt\s*=\s*)?[rf]?["'][^"'\n]*%\("#,
            linesAfter: 3,
            message: "a logging.Formatter with a plain-text format",
            hint: "format records as JSON (python-json-logger's JsonFormatter, or structlog)",
            exempt: .commandLine
        ),
        LineRule(
            id: "log.unstructured",
            severity: .warning,
            languages: [.javascript],
            view: .bare,
            needles: Needle.word("format.printf(", "format.simple(", "format.cli("),
            message: "winston writes plain-text lines (format.printf, format.simple)",
            hint: "end the format with format.json() (or use pino)",
            exempt: Self.printing
        ),
        LineRule(
            // Reported once, at the import: each call would say the same thing again.
            id: "log.unstructured",
            severity: .warning,
            languages: [.go],
            view: .code,
            needles: [#""log""#],
            pattern: #"^\s*(import\s+)?"log"\s*$"#,
            accept: { source, _ in !Self.structuredGoLoggers.contains(where: source.contains) },
            message: "the standard log package writes unstructured lines",
            hint: "use log/slog with slog.NewJSONHandler (or zap, zerolog)",
            exempt: .commandLine
        ),
        LineRule(
            id: "log.secret",
            severity: .error,
            languages: LineRules.code,
            view: .code,
            needles: Self.secretNeedles,
            pattern: Self.calls + #"[^\n]*\b("# + Self.secrets + #")\b"#,
            accept: LoggedSecret.accept,
            message: "a secret, token, authorization header or request body is passed to a log call",
            hint: "log an identifier or a redacted form; Vitals' redaction covers metadata keys like these"
        ),
        LineRule(
            id: "log.request_dump",
            severity: .error,
            languages: LineRules.code,
            view: .code,
            needles: ["stringify(", "header", "call.request", "dict(request"],
            pattern: Self.calls
                + #"[^\n]*(JSON\.stringify\(\s*(req|request|call\.request|ctx\.request|call)\s*[,)]|\b(req|request|ctx|ctx\.request|r)\.(headers|Header)\b(?!\s*(\[|\.get\(|\.Get\(|\.\w))|\bcall\.request\b(?!\.)|dict\(request\.headers\))"#,
            message: "a whole request or all its headers are logged: authorization headers, cookies and card numbers go with them",
            hint: "log the fields you need (method, route, request id); never headers or bodies wholesale"
        ),
        LineRule(
            id: "log.request_dump",
            severity: .error,
            languages: LineRules.code,
            view: .code,
            needles: ["header"],
            pattern: #"\bfor\b[^\n]*\b(headers|Header)\b[^\n]*\n([^\n]*\n){0,3}?[^\n]*"# + Self.calls,
            linesAfter: 4,
            message: "every request header is logged in a loop: the Authorization header and cookies with them",
            hint: "log the headers you need by name, or none; Vitals' redaction drops authorization and cookies"
        ),
        LineRule(
            id: "log.url_query",
            severity: .warning,
            languages: LineRules.code,
            view: .code,
            needles: [".url", "originalurl", "requesturi", "rawquery", "full_path", "get_full_path("],
            pattern: Self.calls
                + #"[^\n]*\b(req\.(url|originalUrl)\b|r\.URL\.(String\(\)|RawQuery)|r\.RequestURI\b|request\.(url\b(?!\.path|_for|_rule)|full_path|get_full_path\(\)))"#,
            message: "a full request URL is logged, query string included: tokens and personal data in query parameters land in the logs",
            hint: "log the route template or the path alone (req.path, r.URL.Path, request.url.path)"
        ),
        LineRule(
            // Access-log middleware: morgan's `:url` and its presets, gorilla's logging handlers.
            id: "log.url_query",
            severity: .warning,
            languages: [.javascript, .go],
            view: .code,
            needles: [":url", "morgan(", "logginghandler("],
            pattern: #"["'`][^"'`\n]*:url\b|\bmorgan\(\s*["'](combined|common|dev|short|tiny)["']|\bhandlers\.(Combined)?LoggingHandler\("#,
            accept: { source, _ in source.contains("morgan") || source.contains("LoggingHandler") },
            message:
                "the access log writes each request's full URL, query string included: tokens and personal data in query parameters land in the logs",
            hint: "log the method, the route template and the status (a morgan token for req.route.path), not :url"
        ),
    ]

    /// A Go file that imports one of these logs through it; its `log` is a variable or an alias.
    static let structuredGoLoggers = [#""log/slog""#, "go.uber.org/zap", "sirupsen/logrus", "rs/zerolog", "go-kit/log", "charmbracelet/log"]

    /// Printing a usage or help text, or a version, is a program's output even in a service's main.
    static let notUsage: Matcher.Accept = { source, match in
        // Called for every print found: bytes compared in place, nothing allocated.
        let bytes = source.bytes
        var index = match.lowerBound
        let end = min(bytes.count, match.lowerBound + 80)
        while index < end, bytes[index] != UInt8(ascii: "("), bytes[index] != 0x0A { index += 1 }
        index += 1
        // Past spaces and opening quotes (`"`, `'`, a backtick).
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x22 || bytes[index] == 0x27 || bytes[index] == 0x60 { index += 1 }
        return !Self.usageWords.contains { word in
            index + word.count <= bytes.count && zip(word, bytes[index...]).allSatisfy { $0 == $1 | ($1 &- 0x41 < 26 ? 0x20 : 0) }
        }
    }

    static let usageWords: [[UInt8]] = ["help", "usage", "version", "flag.usage", "cfg.help"].map { Array($0.utf8) }
}
