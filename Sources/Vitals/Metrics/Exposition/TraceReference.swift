import Instrumentation
import ServiceContextModule

/// The trace and span a sampled request ran in, as an OpenMetrics exemplar names them.
struct TraceReference: Sendable, Hashable {
    /// 32 lowercase hex digits.
    let traceID: String
    /// 16 lowercase hex digits.
    let spanID: String

    /// The span of `context` as `instrument` would hand it on in a W3C `traceparent`, if it is sampled.
    /// Read through propagation rather than a tracer's own types, so any W3C tracer gives exemplars; an
    /// unsampled trace gives none, since its spans are never exported and a link to it would lead nowhere.
    init?(_ context: ServiceContext, instrument: any Instrument) {
        var headers: [String: String] = [:]
        instrument.inject(context, into: &headers, using: DictionaryInjector())
        guard let traceparent = headers["traceparent"] else { return nil }
        self.init(traceparent: traceparent)
    }

    /// Reads `00-<trace id>-<span id>-<flags>`; nil unless well-formed with the sampled flag set.
    init?(traceparent: String) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].utf8.count == 2, parts[1].utf8.count == 32, parts[2].utf8.count == 16,
            parts[3].utf8.count == 2, let flags = UInt8(parts[3], radix: 16), flags & 1 == 1,
            parts[1].utf8.allSatisfy(Self.isLowerHex), parts[2].utf8.allSatisfy(Self.isLowerHex),
            parts[1].utf8.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        (self.traceID, self.spanID) = (String(parts[1]), String(parts[2]))
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
