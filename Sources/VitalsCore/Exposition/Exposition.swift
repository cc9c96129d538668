/// A parsed exposition: the families and samples kept, what was counted, and every problem found.
public struct Exposition: Sendable {
    public var format: ExpositionFormat
    /// Families in order of appearance (only those kept, when the parser filters).
    public var families: [MetricFamily]
    /// Every problem, in order; a scrape with any is rejected whole, as Prometheus rejects it.
    public var errors: [ExpositionError]
    /// Valid samples, kept or not.
    public var sampleCount: Int
    /// Families seen, kept or not.
    public var familyCount: Int

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
    public var name: String
    public var type: MetricType
    public var help: String?
    public var unit: String?
    public var samples: [Sample]

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
    public var value: Double
    /// Seconds since the epoch, if the line carried a timestamp (milliseconds in the classic format, converted).
    public var timestamp: Double?
    public var exemplar: Exemplar?

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

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.name)
        hasher.combine(self.labels)
    }
}

/// `name="value"`.
public struct Label: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An OpenMetrics exemplar: ` # {trace_id="…"} 0.42 1700000000.0`.
public struct Exemplar: Sendable, Hashable {
    public var labels: [Label]
    public var value: Double
    public var timestamp: Double?

    public init(labels: [Label], value: Double, timestamp: Double? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}

/// A rejected line: where, what, and the bytes around it, escaped so they print safely.
public struct ExpositionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based.
    public var line: Int
    /// 1-based, in bytes.
    public var column: Int
    public var message: String
    /// Up to 40 bytes from the problem on, non-printable bytes as `\xNN`.
    public var snippet: String

    public var description: String { "line \(self.line), column \(self.column): \(self.message) (at \"\(self.snippet)\")" }
}
