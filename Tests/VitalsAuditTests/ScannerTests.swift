import Foundation
import Testing

@testable import VitalsAudit

/// The single pass (literals found together, regular expressions only around them) must find exactly
/// what each rule's regular expression finds over the whole file — the slow way the audit used to run,
/// kept here as the oracle.
@Suite struct ScannerTests {
    /// Full-text expressions for the rules whose literals decide alone.
    static let oracles: [String: String] = [
        "print(": #"(?<![\w.])print\("#,
        "console.log(": #"\bconsole\.(log|info|warn|error|debug)\("#,
        "fmt.print(": #"\bfmt\.Print(ln|f)?\("#,
        "format.printf(": #"\bformat\.(printf|simple|cli)\("#,
    ]

    /// Sources built to sit on the edges: matches spanning lines, far-apart parts, case, word boundaries,
    /// non-ASCII letters, calls inside comments, strings and multi-line template literals.
    static let samples: [(String, Language)] = [
        (
            """
            LoggingSystem.bootstrap(
                StreamLogHandler.standardOutput)
            let é = 1; éprint("x"); PRINT("loud"); self.print("method"); reprint("x"); print ("spaced")
            logger.info("user \\(token)")   // a secret passed to a log call
            let x = "print(inside)"; print("real") /* print( in a comment */ print("after")
            metrics.counter(label: "orders", dimensions: [("user_id", id)])
            router.get("/health/live") { _, _ in
                // comment
                try await database.query("SELECT 1")
            }
            """, .swift
        ),
        (
            """
            import logging
            logging.basicConfig(
                level=logging.INFO,
                format="%(message)s",
            )
            logging.basicConfig(
                format=JsonFormatter())
            '''print("in a docstring")'''
            print('real')  # print("commented")
            logger.warning("login failed password=%s", password)
            REQUESTS.labels(path=request.path, user_id=user.id).inc()
            """, .python
        ),
        (
            """
            app.use(authenticate);
            app.use(express.json());
            \(String(repeating: "// padding line\n", count: 12))app.get('/metrics', handler);
            const t = `line one
            console.log("inside a template")
            ${x}`;
            console.log("real"); Console.LOG("upper"); myconsole.log("not this")
            logger.info({ authorization: req.headers.authorization }, "request")
            """, .javascript
        ),
        (
            """
            package main
            func main() {
                log.Printf("plain %d", 1)
                slog.New(handler)
                fmt.Println("out"); xfmt.Println("not this")
                s := `fmt.Println("raw")`
                log.Info("token", "value", token)
            }
            """, .go
        ),
        (
            """
            slo:
              availability: 100%
              target: "100.0"
            level: debug
            """, .yaml
        ),
    ]

    static func fixtureSources() throws -> [(String, Language)] {
        let root = FixtureTests.fixtures.path
        return try #require(SourceTree.files(under: root, skipping: [])).compactMap { file in
            guard let language = Language.of(path: file) else { return nil }
            return (try String(contentsOfFile: root + "/" + file, encoding: .utf8), language)
        }
    }

    /// Lines of every match of `pattern` over the whole view, as the audit used to compute them.
    static func oracleLines(_ pattern: Pattern, in text: String, keeping keeps: (NSRange) -> Bool) -> [Int] {
        let units = Array(text.utf16)
        var lines: [Int] = []
        for match in pattern.matches(in: text) where keeps(match) {
            let line = units[..<match.location].count { $0 == 0x0A } + 1
            if lines.last != line { lines.append(line) }
        }
        return lines
    }

    @Test func theSinglePassFindsWhatEachRuleFindsOverTheWholeFile() throws {
        var compared = 0
        var matched = 0
        for (text, language) in Self.samples + (try Self.fixtureSources()) {
            let source = SourceText(text, language: language)
            let hits = FileAudit.catalog.scan(source)[0]
            for (rule, hits) in zip(LineRules.all, hits) where rule.matcher.languages.contains(language) {
                let oracle = try rule.matcher.verify ?? Pattern(#require(Self.oracles[rule.matcher.needles[0].text]), caseInsensitive: true)
                let text = source.text(rule.matcher.view)
                let expected = Self.oracleLines(oracle, in: text) { rule.matcher.keeps($0, in: text, at: 0, of: source) }
                #expect(rule.matcher.lines(in: source, hits: hits) == expected, "\(rule.id) in \(language): \(text.prefix(60))")
                compared += 1
                matched += expected.count
            }
        }
        #expect(compared > 60 && matched > 25, "the samples exercise the rules")
    }

    @Test func matchesSpanningLinesAreFoundAtTheirFirstLine() throws {
        let findings = { (text: String, language: Language) in
            FileAudit(SourceText(text, language: language), file: "app").findings.map { "\($0.line) \($0.id)" }
        }
        #expect(findings(Self.samples[1].0, .python).filter { $0.hasSuffix("log.unstructured") } == ["2 log.unstructured"])
        #expect(findings(Self.samples[0].0, .swift).contains("1 log.unstructured"))
        #expect(
            findings(Self.samples[2].0, .javascript).contains("1 metrics.behind_auth"),
            "reported where auth is installed, 14 lines above /metrics"
        )
    }

    @Test func javascriptTemplatesSpanLinesAndHonourEscapes() {
        let source = SourceText("const t = `a \\` b\nconsole.log(1)`; console.log(2)", language: .javascript)
        #expect(source.bare == "const t = `      \n              `; console.log(2)")
    }

    @Test func needlesIgnoreCaseAndRespectWordBoundaries() {
        let set = LiteralSet([
            LiteralSet.Literal(bytes: Array("print(".utf8), boundary: .identifier, owner: 0),
            LiteralSet.Literal(bytes: Array("token".utf8), boundary: .word, owner: 1),
        ])
        var hits: [(literal: Int, offset: Int)] = []
        let text = "print( reprint( self.print( é_print( x PRINT( tokens mytoken token"
        set.scan(Array(text.lowercased().utf8), into: &hits)
        // Byte offsets (é is two bytes); a needle bounds only its start: `tokens` is a hit, `mytoken` is not.
        #expect(hits.map(\.offset) == [0, 40, 47, 62])
        #expect(hits.map(\.literal) == [0, 0, 1, 1])
    }
}
