import Foundation
import Testing
import VitalsCore
import VitalsProcess

/// The exposition parser on both formats: what it reads, and how it refuses.
@Suite struct ExpositionParserTests {
    /// `<FF>` in `text` stands for the byte 0xFF, which no Swift string can hold.
    func parse(_ text: String, _ format: ExpositionFormat = .prometheus, keep: (@Sendable (String) -> Bool)? = nil) -> Exposition {
        let parts = text.components(separatedBy: "<FF>").map { Array($0.utf8) }
        return ExpositionParser(format: format, keep: keep).parse(Array(parts.joined(separator: [0xFF])))
    }

    @Test func theClassicFormatWithEveryFeature() throws {
        let exposition = self.parse(
            """
            # HELP http_requests_total The total number of HTTP requests.\\nSecond line with a \\\\ backslash.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000\r
            # A plain comment is ignored.
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
            metric_without_timestamp_and_labels 12.47
            city{name="東京",} -Inf
            something_weird{problem="division by zero"} +Inf -3982045
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.99"} NaN
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693

            """
        )
        #expect(exposition.errors == [])
        #expect(exposition.sampleCount == 13)
        #expect(
            exposition.families.map(\.name) == [
                "http_requests_total", "msdos_file_access_time_seconds", "metric_without_timestamp_and_labels", "city", "something_weird",
                "http_request_duration_seconds", "rpc_duration_seconds",
            ]
        )
        let requests = try #require(exposition.family("http_requests_total"))
        #expect(requests.type == .counter)
        #expect(requests.help == "The total number of HTTP requests.\nSecond line with a \\ backslash.")
        #expect(
            requests.samples[1]
                == Sample(name: "http_requests_total", labels: [Label("method", "post"), Label("code", "400")], value: 3, timestamp: 1_395_066_363)
        )
        let file = try #require(exposition.family("msdos_file_access_time_seconds")?.samples.first)
        #expect(file.label("path") == "C:\\DIR\\FILE.TXT")
        #expect(file.label("error") == "Cannot find file:\n\"FILE.TXT\"")
        #expect(file.value == 1_458_255_915)
        #expect(exposition.family("city")?.samples.first?.label("name") == "東京")
        #expect(exposition.family("city")?.samples.first?.value == -.infinity)
        #expect(exposition.family("something_weird")?.samples.first?.timestamp == -3982.045)
        let histogram = try #require(exposition.family("http_request_duration_seconds"))
        #expect(
            histogram.type == .histogram
                && histogram.samples.map(\.name) == [
                    "http_request_duration_seconds_bucket", "http_request_duration_seconds_bucket", "http_request_duration_seconds_sum",
                    "http_request_duration_seconds_count",
                ]
        )
        #expect(exposition.family("rpc_duration_seconds")?.samples.first?.value.isNaN == true)
    }

    @Test func openMetricsWithUnitsCreatedSamplesExemplarsAndEOF() throws {
        let exposition = self.parse(
            """
            # TYPE foo_seconds counter
            # UNIT foo_seconds seconds
            # HELP foo_seconds Time spent, with a \\"quote\\".
            foo_seconds_total{a="b"} 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67 1520879602.1
            foo_seconds_created{a="b"} 1520430000.123
            # TYPE hist histogram
            hist_bucket{le="0.01"} 0
            hist_bucket{le="+Inf"} 17 # {trace_id="oHg5SJYRHA0"} 9.8 1520879607.789
            hist_count 17
            hist_sum 324789.3
            # TYPE enabled stateset
            enabled{enabled="a"} 1
            # EOF

            """,
            .openMetrics
        )
        #expect(exposition.errors == [])
        let foo = try #require(exposition.family("foo_seconds"))
        #expect(foo.unit == "seconds" && foo.help == "Time spent, with a \"quote\".")
        #expect(foo.samples.first?.timestamp == 1_520_879_607.789)
        #expect(foo.samples.first?.exemplar == Exemplar(labels: [Label("trace_id", "KOO5S4vxi0o")], value: 0.67, timestamp: 1_520_879_602.1))
        #expect(exposition.family("hist")?.samples[1].exemplar?.value == 9.8)
        #expect(exposition.family("enabled")?.type == .stateset)
    }

    @Test func onlyKeptFamiliesAreMaterializedButEveryLineIsCheckedAndCounted() {
        let exposition = self.parse(
            """
            a{x="1"} 1
            b{x="2"} 2
            b{x="3"} 3
            c{x="\\q"} 4

            """,
            keep: { $0 == "b" }
        )
        #expect(exposition.families.map(\.name) == ["b"])
        #expect(exposition.families.first?.samples.count == 2)
        #expect(exposition.sampleCount == 3 && exposition.familyCount == 3, "valid samples counted, kept or not")
        #expect(exposition.errors.map(\.line) == [4], "an unkept family's bad escape still fails the scrape")
    }

    /// Rejections, many after Prometheus's own parser tests (promparse_test.go, openmetricsparse_test.go):
    /// input, format, then line, column and the message.
    static let rejections: [(String, ExpositionFormat, Int, Int, String)] = [
        ("a{b=\"<FF>\"} 1\n", .prometheus, 1, 6, "label value is not valid UTF-8"),
        ("a 1 1 1\n", .prometheus, 1, 7, "unexpected text after the sample"),
        ("a{b=c} 1\n", .prometheus, 1, 5, "expected a quoted label value"),
        ("a{1=\"b\"} 1\n", .prometheus, 1, 3, "expected a label name"),
        ("a{b=\"c\" 1\n", .prometheus, 1, 9, "expected , or } after a label value"),
        ("a{b=\"c 1\n", .prometheus, 1, 5, "unterminated label value"),
        ("a{b=\"c\",b=\"d\"} 1\n", .prometheus, 1, 9, "label b appears twice"),
        ("a{b=\"\\t\"} 1\n", .prometheus, 1, 6, "invalid escape in label value"),
        ("a 0x1p-3\n", .prometheus, 1, 3, "\"0x1p-3\" is not a number"),
        ("a 1_000\n", .prometheus, 1, 3, "\"1_000\" is not a number"),
        ("a\n", .prometheus, 1, 2, "expected the value"),
        ("a{b=\"c\"}\n", .prometheus, 1, 9, "expected the value"),
        ("a 1 1.5\n", .prometheus, 1, 5, "timestamp \"1.5\" is not whole milliseconds"),
        ("a 1 # {b=\"c\"} 1\n", .prometheus, 1, 5, "unexpected text after the sample (exemplars are OpenMetrics only)"),
        ("a\u{0}b 1\n", .prometheus, 1, 2, "NUL byte"),
        ("9a 1\n", .prometheus, 1, 1, "expected a metric name"),
        ("a 1\na 2\n", .prometheus, 2, 1, "duplicate series a"),
        ("a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\n", .prometheus, 2, 1, "duplicate series a{y=\"2\",x=\"1\"}"),
        ("a 1\nb 1\na 2\n", .prometheus, 3, 1, "a appears again after other families"),
        ("a 1\n# TYPE a counter\n", .prometheus, 2, 1, "# TYPE for a after its samples"),
        ("# TYPE a counter\n# TYPE a gauge\n", .prometheus, 2, 1, "second # TYPE for a"),
        ("# TYPE a meter\n", .prometheus, 1, 10, "unknown type \"meter\""),
        ("# HELP\n", .prometheus, 1, 7, "# HELP needs a metric name"),
        ("# TYPE h histogram\nh_bucket 1\n", .prometheus, 2, 1, "histogram bucket without an le label"),
        ("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", .prometheus, 2, 1, "le=\"x\" is not a number"),
        (" a 1\n", .prometheus, 1, 1, "a line may not start with whitespace"),
        ("a 1\n", .openMetrics, 2, 1, "missing \"# EOF\""),
        ("a 1\n# EOF\nb 1\n", .openMetrics, 3, 1, "content after \"# EOF\""),
        ("a 1\n\n# EOF\n", .openMetrics, 2, 1, "empty line: OpenMetrics allows none"),
        ("a 1\r\n# EOF\n", .openMetrics, 1, 4, "carriage return"),
        ("# TYPE a counter\na 1\n# EOF\n", .openMetrics, 2, 1, "an OpenMetrics counter's samples are named a_total"),
        ("a  1\n# EOF\n", .openMetrics, 1, 2, "OpenMetrics separates with exactly one space"),
        ("a{b=\"c\",} 1\n# EOF\n", .openMetrics, 1, 8, "trailing comma"),
        ("# hello\n# EOF\n", .openMetrics, 1, 3, "unknown comment \"# hello\""),
        ("a_total 1 # {b=\"c\"} 1\n# EOF\n", .openMetrics, 1, 11, "exemplars belong on counter _total and histogram _bucket samples only"),
        ("a 1 # {b=\"c\"} 1\n# EOF\n", .openMetrics, 1, 5, "exemplars belong on counter _total and histogram _bucket samples only"),
        ("# TYPE a_seconds gauge\n# UNIT a_seconds bytes\n# EOF\n", .openMetrics, 2, 18, "unit \"bytes\" must be the suffix"),
        ("a 1 1\n# EOF\nx", .openMetrics, 3, 1, "content after \"# EOF\""),
    ]

    @Test(arguments: Self.rejections.indices)
    func everyRejectionNamesLineColumnAndWhat(index: Int) {
        let (input, format, line, column, message) = Self.rejections[index]
        let errors = self.parse(input, format).errors
        let first = errors.first
        #expect(first?.line == line && first?.column == column && first?.message.hasPrefix(message) == true, "\(input.debugDescription) → \(errors)")
    }

    @Test func snippetsAreShortAndEscaped() {
        let error = self.parse("a{b=\"<FF>\\\"\u{1}\"} 1\n").errors.first
        #expect(error?.snippet == "\\xff\\\\\\\"\\x01\\\"} 1")
        #expect(error?.description.hasPrefix("line 1, column 6: label value is not valid UTF-8 (at \"") == true)
        let long = self.parse("a{b=\"" + String(repeating: "x", count: 100) + "\\t\"} 1\n").errors.first
        #expect((long?.snippet.count ?? 0) <= 40)
    }

    @Test func limitsFailTheScrapeCleanly() {
        var parser = ExpositionParser(format: .prometheus)
        parser.sampleLimit = 2
        let exposition = parser.parse(Array("a 1\nb 1\nc 1\nd 1\n".utf8))
        #expect(exposition.errors.map(\.message) == ["more than 2 samples (sample limit)"])
        parser.labelValueLimit = 4
        #expect(parser.parse(Array("a{b=\"12345\"} 1\n".utf8)).errors.first?.message == "label value longer than 4 bytes (label limit)")
    }

    @Test func numbersAreReadExactly() {
        let cases: [(String, Double)] = [
            ("0.1", 0.1), ("1e-9", 1e-9), ("-0", -0.0), ("1.458255915e9", 1.458255915e9), ("123456789012345678", 123_456_789_012_345_680),
            ("3.141592653589793238", 3.141592653589793), (".5", 0.5), ("1.", 1), ("+Inf", .infinity), ("-inf", -.infinity), ("Infinity", .infinity),
            ("1.7976931348623157e308", .greatestFiniteMagnitude), ("5e-324", .leastNonzeroMagnitude),
        ]
        for (text, expected) in cases {
            #expect(self.parse("a \(text)\n").families.first?.samples.first?.value == expected, "\(text)")
        }
        #expect(self.parse("a NaN\n").families.first?.samples.first?.value.isNaN == true)
        for bad in ["0x10", "1e", "e5", "--1", "1.2.3", "nan1", "∞"] {
            #expect(!self.parse("a \(bad)\n").errors.isEmpty, "\(bad)")
        }
    }
}
