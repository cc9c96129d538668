import Foundation
import Synchronization

/// Turns swift-prometheus's text-format exposition into OpenMetrics 1.0 text, adding exemplars.
///
/// The two formats differ in little that Vitals emits: OpenMetrics names a counter family without its
/// `_total` suffix (the samples keep it, so the series are the same in both), escapes `"` in help texts,
/// allows an exemplar after a histogram bucket's count, and ends with `# EOF`. A counter whose name lacks
/// `_total` (one a library made through swift-metrics) is declared `unknown`: its samples cannot be renamed
/// without renaming the series.
enum OpenMetricsText {
    static func render(_ text: [UInt8], exemplars: ExemplarBook) -> [UInt8] {
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        var counters = Set<Substring>()
        for line in lines where line.starts(with: Self.typePrefix) {
            let words = String(decoding: line, as: UTF8.self).split(separator: " ")
            if words.count == 4, words[3] == "counter" { counters.insert(words[2]) }
        }
        let withExemplars = exemplars.holdsAny.load(ordering: .relaxed)
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 8 + 8)
        for line in lines {
            if line.starts(with: Self.helpPrefix) || line.starts(with: Self.typePrefix) {
                Self.appendMetadata(String(decoding: line, as: UTF8.self), counters: counters, into: &out)
            } else {
                out.append(contentsOf: line)
                if withExemplars, let exemplar = Self.bucketSeries(line).flatMap(exemplars.exemplar(series:)) {
                    out.append(contentsOf: Self.exemplarText(exemplar).utf8)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        out.append(contentsOf: "# EOF\n".utf8)
        return out
    }

    private static let helpPrefix = Array("# HELP ".utf8)
    private static let typePrefix = Array("# TYPE ".utf8)

    /// `# HELP name text` or `# TYPE name type`, rewritten for OpenMetrics.
    private static func appendMetadata(_ line: String, counters: Set<Substring>, into out: inout [UInt8]) {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return out.append(contentsOf: line.utf8) }
        let name = parts[2]
        let isCounter = counters.contains(name)
        let family = isCounter && name.hasSuffix("_total") ? name.dropLast("_total".count) : name
        var rewritten = "\(parts[0]) \(parts[1]) \(family)"
        if parts.count == 4 {
            if parts[1] == "TYPE" {
                rewritten += " " + (isCounter && family == name ? "unknown" : String(parts[3]))
            } else {
                rewritten += " " + parts[3].replacingOccurrences(of: "\"", with: "\\\"")
            }
        }
        out.append(contentsOf: rewritten.utf8)
    }

    /// The series of a histogram bucket line, `name_bucket{…,le="…"}`; nil for any other line.
    static func bucketSeries(_ line: ArraySlice<UInt8>) -> String? {
        // The count after the series never holds `} `, so the last one closes the labels.
        guard let close = Self.lastIndex(of: Self.closeThenSpace, in: line) else { return nil }
        let series = line[line.startIndex...close]
        guard Self.firstIndex(of: Self.bucketMarker, in: series) != nil else { return nil }
        return String(decoding: series, as: UTF8.self)
    }

    /// ` # {trace_id="…",span_id="…"} 2.3 1732800000.123`.
    static func exemplarText(_ exemplar: ExemplarBook.Exemplar) -> String {
        let timestamp = (exemplar.timestamp * 1000).rounded() / 1000
        return #" # {trace_id="\#(exemplar.trace.traceID)",span_id="\#(exemplar.trace.spanID)"} \#(exemplar.value) \#(timestamp)"#
    }

    private static let closeThenSpace = Array("} ".utf8)
    private static let bucketMarker = Array("_bucket{".utf8)

    private static func lastIndex(of needle: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard line.count >= needle.count else { return nil }
        var index = line.endIndex - needle.count
        while index >= line.startIndex {
            if line[index] == needle[0], line[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard line.count >= needle.count else { return nil }
        for index in line.startIndex...(line.endIndex - needle.count)
        where line[index] == needle[0] && line[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
