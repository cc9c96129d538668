/// Reads the Prometheus text format (0.0.4) and OpenMetrics 1.0 text over bytes, in one pass, linear in
/// the input. Problems are collected with line, column and an escaped snippet; parsing resumes at the
/// next line, so one run reports every problem (as `vitals inspect` shows), and a scrape with any
/// problem is rejected whole.
///
/// Only families that `keep` accepts are materialized (names, labels, values as Swift values); the
/// others are validated and counted. That keeps a scrape's memory bounded by what diagnoses need.
public struct ExpositionParser: Sendable {
    /// Prometheus text 0.0.4 or OpenMetrics 1.0.
    public var format: ExpositionFormat
    /// Refuses expositions with more samples than this (counted whether kept or not). Default 1,000,000.
    public var sampleLimit = 1_000_000
    /// Longest label name and value, in bytes. Defaults 128 and 4,096.
    public var labelNameLimit = 128
    /// Longest label value, in bytes.
    public var labelValueLimit = 4096
    /// Which families to materialize, by family name; every family when nil.
    public var keep: (@Sendable (String) -> Bool)?

    /// A parser for `format` that materializes the families `keep` accepts (all when nil).
    public init(format: ExpositionFormat, keep: (@Sendable (String) -> Bool)? = nil) {
        self.format = format
        self.keep = keep
    }

    /// Reads `bytes` in one pass; problems are in ``Exposition/errors``.
    public func parse(_ bytes: [UInt8]) -> Exposition {
        bytes.withUnsafeBufferPointer { buffer in
            var state = ExpositionReader(parser: self, bytes: buffer)
            state.run()
            return state.result
        }
    }
}
