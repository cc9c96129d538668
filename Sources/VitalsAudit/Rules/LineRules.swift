/// The findings one file can make on its own, per language. Each rule names the literals any of its
/// matches contains (lower case) and, where those do not decide, the regular expression that does.
enum LineRules {
    static let code: Set<Language> = [.swift, .python, .javascript, .go]
    static let identifiers = #"user_?id|account_?id|request_?id|session_?id|customer_?id|e_?mail|raw_?path"#
    static let identifierNeedles: [Needle] = [
        "userid", "user_id", "accountid", "account_id", "requestid", "request_id", "sessionid", "session_id",
        "customerid", "customer_id", "email", "e_mail", "rawpath", "raw_path",
    ]
    static let all: [LineRule] = LogRules.all + Self.others

    static let others: [LineRule] = [
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
            id: "metrics.high_cardinality_label",
            severity: .error,
            languages: code,
            view: .code,
            needles: [".labels(", "withlabelvalues(", ".observe(", "starttimer(", ".inc(", "labels{"],
            pattern:
                #"(\.labels\(|WithLabelValues\(|\.observe\(\s*\{|startTimer\(\s*\{|\.inc\(\s*\{|Labels\{)[^\n]*\b(req\.(url|originalUrl|path)|r\.URL\.(Path|String\(\)|RawPath)|r\.RequestURI|request\.(path|url\.path|url|full_path))(?!\w)"#,
            message: "a metric label takes the raw request path: one series per URL, ids included, without bound",
            hint: "label by the route template (req.route.path, the mux's pattern, request.scope[\"route\"].path)"
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
            accept: Matcher.endsInCode,
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

    /// Marks of a command-line program: it parses its arguments, or runs as a script.
    static let parsesArguments = Matcher(
        languages: code,
        view: .code,
        needles: [
            "import argumentparser", "import argparse", "import click", "import typer", #"require("commander")"#, #"require("yargs")"#,
            #"from "commander""#, #"from 'commander'"#, #"from "yargs""#, #"from 'yargs'"#, "docopt", "cobra.command{",
            #"__name__ == "__main__""#, "__name__ == '__main__'",
        ]
    )

    /// Marks of a service: it starts a server (whatever flags it also parses).
    static let serves = Matcher(
        languages: code,
        view: .bare,
        needles: [
            "listenandserve(", "listenandservetls(", "grpc.newserver(", ".serve(", ".listen(", "createserver(", "uvicorn.run(", "app.run(",
            "serve_forever(", "add_insecure_port(", "run_app(", "nestfactory.create", "runserver(",
        ]
    )

    /// Marks of browser code: a front-end framework or the DOM.
    static let drawsPages = Matcher(
        languages: [.javascript],
        view: .code,
        needles: [
            #"from "react"#, "from 'react", #"from "vue"#, "from 'vue", "@angular/core", #"from "svelte"#, "from 'svelte", #"from "preact"#,
            "from 'preact", "document.getelementby", "document.queryselector", "window.location", "window.addeventlistener",
        ]
    )
}
