import Foundation
import Testing
import VitalsCore
import VitalsProcess
import VitalsTestSupport

/// Our quantiles against Prometheus's own `histogram_quantile`, evaluated by the real `promtool test rules`.
@Suite struct QuantilePeerTests {
    /// A deterministic generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func quantilesAgreeWithPrometheus() async throws {
        let promtool = try #require(Promtool.path, "promtool not found: run scripts/test, which installs Debian's prometheus package")
        var random = SplitMix(state: 42)
        var series = ""
        var tests = ""
        for index in 0..<25 {
            // Random bounds (some histograms mostly in +Inf), random cumulative counts.
            var bounds = Set<Double>()
            while bounds.count < Int.random(in: 2...12, using: &random) {
                bounds.insert((Double.random(in: 0.001...20, using: &random) * 1000).rounded() / 1000)
            }
            var cumulative = 0.0
            var counts: [Double] = []
            for _ in 0...bounds.count {
                cumulative += Double(Int.random(in: 0...200, using: &random))
                counts.append(cumulative)
            }
            if counts.last == 0 { counts[counts.count - 1] = 1 }
            let sorted = bounds.sorted() + [.infinity]
            let histogram = Histogram(bounds: sorted, counts: counts)
            for (bound, count) in zip(sorted, counts) {
                series +=
                    "      - series: 'h_bucket{h=\"\(index)\",le=\"\(bound.isInfinite ? "+Inf" : String(bound))\"}'\n        values: '\(Int(count))x2'\n"
            }
            for q in [0.5, 0.9, 0.95, 0.99, 0.999] {
                let ours = try #require(histogram.quantile(q)).value
                tests += """
                          - expr: histogram_quantile(\(q), h_bucket{h="\(index)"})
                            eval_time: 1m
                            exp_samples:
                              - labels: '{h="\(index)"}'
                                value: \(String(format: "%.17g", ours))

                    """
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("quantiles-\(UUID().uuidString).yml")
        try "rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n\(series)    promql_expr_test:\n\(tests)".write(
            to: file,
            atomically: true,
            encoding: .utf8
        )
        let result = try await ChildProcess.run(URL(fileURLWithPath: promtool), ["test", "rules", file.path])
        #expect(result.status == 0, "promtool disagrees:\n\(result.output.suffix(3000))\(result.errors.suffix(1000))")
    }
}
