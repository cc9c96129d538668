import Synchronization

/// The exemplars of a registry's histograms: for each bucket of each series, the latest sampled
/// observation that fell in it, with its trace — what OpenMetrics puts after a `_bucket` line so that a
/// slow bucket leads to a trace of a request that was that slow.
///
/// Bounded as the series are: one entry per bucket of a series the label caps admitted. A bucket's
/// exemplar is replaced at most once per ``refresh`` so that a busy route pays for reading the trace
/// context a few times a second, not on every request.
final class ExemplarBook: Sendable {
    struct Exemplar: Sendable, Hashable {
        let trace: TraceReference
        /// The observed value (seconds for the duration histograms).
        let value: Double
        /// Unix seconds.
        let timestamp: Double
    }

    static let refresh = 1.0
    private let clock: WallClock
    /// By the bucket line's series as swift-prometheus writes it: `name_bucket{labels,le="0.5"}`.
    private let entries = Mutex<[String: Exemplar]>([:])

    init(clock: WallClock = .system) { self.clock = clock }

    /// Offers an observation of `value` in series `name{labels}` of a histogram with `buckets`; `trace` is
    /// read only when the bucket's exemplar is due for replacement, and nil (not sampled) keeps the old one.
    func offer(name: String, labels: [(String, String)], buckets: [Double], value: Double, trace: () -> TraceReference?) {
        guard value.isFinite else { return }
        let bound = buckets.first { $0 >= value }
        let key = Self.bucketSeries(name: name, labels: labels, le: bound.map(\.description) ?? "+Inf")
        let now = self.clock.now()
        let due = self.entries.withLock { entries in
            entries[key].map { now - $0.timestamp >= Self.refresh || now < $0.timestamp } ?? true
        }
        guard due, let trace = trace() else { return }
        self.entries.withLock { $0[key] = Exemplar(trace: trace, value: value, timestamp: now) }
    }

    /// The exemplar of the bucket line whose series text (up to and including `}`) is `series`.
    func exemplar(series: String) -> Exemplar? {
        self.entries.withLock { $0[series] }
    }

    var isEmpty: Bool { self.entries.withLock { $0.isEmpty } }

    /// The series text swift-prometheus writes before a bucket's count: label values escaped as in the
    /// text format (backslash, double quote, newline), `le` last.
    static func bucketSeries(name: String, labels: [(String, String)], le: String) -> String {
        var text = name + "_bucket{"
        for (label, value) in labels {
            text += label + "=\""
            for character in value.unicodeScalars {
                switch character {
                case "\\": text += "\\\\"
                case "\"": text += "\\\""
                case "\n": text += "\\n"
                default: text.unicodeScalars.append(character)
                }
            }
            text += "\","
        }
        return text + "le=\"" + le + "\"}"
    }
}
