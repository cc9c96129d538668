import Synchronization

/// The exemplars of a registry's histograms: for each bucket of each series, the latest sampled
/// observation that fell in it, with its trace — what OpenMetrics puts after a `_bucket` line so that a
/// slow bucket leads to a trace of a request that was that slow.
///
/// Bounded as the series are: one slot per bucket of a series the label caps admitted. A bucket's
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
    let clock: WallClock
    /// By series (`name` and labels), for the recording path.
    private let series = Mutex<[String: ExemplarSlots]>([:])
    /// By the bucket line's series as swift-prometheus writes it (`name_bucket{labels,le="0.5"}`), for rendering.
    private let lines = Mutex<[String: (slots: ExemplarSlots, index: Int)]>([:])
    /// Whether any slot ever held an exemplar: a service without tracing renders OpenMetrics without
    /// looking up every bucket line.
    let holdsAny = Atomic<Bool>(false)

    init(clock: WallClock = .system) { self.clock = clock }

    /// The slots of series `name{labels}` of a histogram with `buckets`, made on first use. Callers on a hot
    /// path keep them (the lookup builds the series' name).
    func slots(name: String, labels: [(String, String)], buckets: [Double]) -> ExemplarSlots {
        let key = labels.reduce(name) { $0 + "\u{0}" + $1.0 + "\u{0}" + $1.1 }
        if let known = self.series.withLock({ $0[key] }) { return known }
        let slots = ExemplarSlots(bounds: buckets, book: self)
        let bounds = buckets.map(\.description) + ["+Inf"]
        let stored = self.series.withLock { series in
            if let known = series[key] { return known }
            series[key] = slots
            return slots
        }
        guard stored === slots else { return stored }
        self.lines.withLock { lines in
            for (index, le) in bounds.enumerated() { lines[Self.bucketSeries(name: name, labels: labels, le: le)] = (slots, index) }
        }
        return slots
    }

    /// Offers an observation of `value` in series `name{labels}`; see ``ExemplarSlots/offer(_:trace:)``.
    func offer(name: String, labels: [(String, String)], buckets: [Double], value: Double, trace: () -> TraceReference?) {
        self.slots(name: name, labels: labels, buckets: buckets).offer(value, trace: trace)
    }

    /// The exemplar of the bucket line whose series text (up to and including `}`) is `series`.
    func exemplar(series: String) -> Exemplar? {
        guard let (slots, index) = self.lines.withLock({ $0[series] }) else { return nil }
        return slots.exemplar(at: index)
    }

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

/// One series' exemplars, a slot per bucket (the last for `+Inf`).
final class ExemplarSlots: Sendable {
    let bounds: [Double]
    private unowned let book: ExemplarBook
    private let slots: Mutex<[ExemplarBook.Exemplar?]>

    init(bounds: [Double], book: ExemplarBook) {
        self.bounds = bounds
        self.book = book
        self.slots = Mutex(Array(repeating: nil, count: bounds.count + 1))
    }

    /// Makes an observation of `value` its bucket's exemplar when the bucket has none or one at least
    /// ``ExemplarBook/refresh`` old (or from the future: the clock went back); `trace` is read only then, and
    /// nil (not sampled, or not exported) keeps the old one.
    func offer(_ value: Double, trace: () -> TraceReference?) {
        guard value.isFinite else { return }
        let index = self.bounds.firstIndex { $0 >= value } ?? self.bounds.count
        let now = self.book.clock.now()
        let due = self.slots.withLock { slots in
            slots[index].map { now - $0.timestamp >= ExemplarBook.refresh || now < $0.timestamp } ?? true
        }
        guard due, let trace = trace() else { return }
        self.slots.withLock { $0[index] = ExemplarBook.Exemplar(trace: trace, value: value, timestamp: now) }
        self.book.holdsAny.store(true, ordering: .relaxed)
    }

    func exemplar(at index: Int) -> ExemplarBook.Exemplar? {
        self.slots.withLock { $0.indices.contains(index) ? $0[index] : nil }
    }
}
