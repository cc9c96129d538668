/// A parsed exposition: the families and samples kept, what was counted, and every problem found.
public struct Exposition: Sendable {
    /// The format it was read as.
    public var format: ExpositionFormat
    /// Families in order of appearance (only those kept, when the parser filters).
    public var families: [MetricFamily]
    /// Every problem, in order; a scrape with any is rejected whole, as Prometheus rejects it.
    public var errors: [ExpositionError]
    /// Valid samples, kept or not.
    public var sampleCount: Int
    /// Families seen, kept or not.
    public var familyCount: Int

    /// An exposition as read.
    public init(format: ExpositionFormat, families: [MetricFamily] = [], errors: [ExpositionError] = [], sampleCount: Int = 0, familyCount: Int = 0) {
        self.format = format
        self.families = families
        self.errors = errors
        self.sampleCount = sampleCount
        self.familyCount = familyCount
    }

    /// The family named `name`, if kept.
    public func family(_ name: String) -> MetricFamily? { self.families.first { $0.name == name } }
}

/// One metric family: `# TYPE`, `# HELP`, `# UNIT` and its samples.
public struct MetricFamily: Sendable, Hashable {
    /// The family name, e.g. `http_server_request_duration_seconds`.
    public var name: String
    /// Its `# TYPE`; `unknown` when not declared.
    public var type: MetricType
    /// Its `# HELP` text.
    public var help: String?
    /// Its OpenMetrics `# UNIT`.
    public var unit: String?
    /// Its samples, in input order.
    public var samples: [Sample]

    /// A family with its samples.
    public init(name: String, type: MetricType, help: String? = nil, unit: String? = nil, samples: [Sample] = []) {
        self.name = name
        self.type = type
        self.help = help
        self.unit = unit
        self.samples = samples
    }
}

/// One sample line.
public struct Sample: Sendable, Hashable {
    /// The sample's own name: the family's, or with a suffix (`_bucket`, `_total`, …).
    public var name: String
    /// In the order written.
    public var labels: [Label]
    /// The value as written; NaN and ±Inf are carried as they are.
    public var value: Double
    /// Seconds since the epoch, if the line carried a timestamp (milliseconds in the classic format, converted).
    public var timestamp: Double?
    /// The OpenMetrics exemplar of this sample, if any.
    public var exemplar: Exemplar?

    /// A sample as read.
    public init(name: String, labels: [Label], value: Double, timestamp: Double? = nil, exemplar: Exemplar? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
        self.exemplar = exemplar
    }

    /// The value of label `name`.
    public func label(_ name: String) -> String? { self.labels.first { $0.name == name }?.value }

    /// Equality by value that treats two NaNs as equal, for tests.
    public static func == (lhs: Sample, rhs: Sample) -> Bool {
        lhs.name == rhs.name && lhs.labels == rhs.labels && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
            && lhs.timestamp == rhs.timestamp && lhs.exemplar == rhs.exemplar
    }

    /// Hashes what identifies a sample.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.name)
        hasher.combine(self.labels)
    }
}

/// `name="value"`.
public struct Label: Sendable, Hashable {
    /// The label name.
    public var name: String
    /// The label value, unescaped.
    public var value: String

    /// A label pair.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An OpenMetrics exemplar: ` # {trace_id="…"} 0.42 1700000000.0`.
public struct Exemplar: Sendable, Hashable {
    /// The exemplar's labels, e.g. `trace_id`.
    public var labels: [Label]
    /// The observed value the exemplar stands for.
    public var value: Double
    /// Seconds since the epoch, if given.
    public var timestamp: Double?

    /// An exemplar as read.
    public init(labels: [Label], value: Double, timestamp: Double? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}

/// A rejected line: where, what, and the bytes around it, escaped so they print safely.
public struct ExpositionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem: a line that is not the format, or an input over one of the parser's limits.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Backing: String, Sendable, Hashable { case syntax, limit }
        private let backing: Backing

        /// The line is not valid in the format.
        public static let syntax = Kind(backing: .syntax)
        /// The input exceeds a limit: samples, label name or label value length.
        public static let limit = Kind(backing: .limit)

        /// `syntax` or `limit`.
        public var description: String { self.backing.rawValue }
    }

    /// 1-based.
    public var line: Int
    /// 1-based, in bytes.
    public var column: Int
    /// What is wrong, in words.
    public var message: String
    /// Up to 40 bytes from the problem on, non-printable bytes as `\xNN`.
    public var snippet: String
    /// Syntax or limit. Default syntax.
    public var kind = Kind.syntax

    /// `line L, column C: message (at "snippet")`.
    public var description: String { "line \(self.line), column \(self.column): \(self.message) (at \"\(self.snippet)\")" }
}
