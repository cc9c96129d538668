public import Logging
import VitalsBase

/// A `LogHandler` writing one JSON object per line, with secrets redacted.
///
/// Each line carries `timestamp` (ISO-8601 UTC), `level`, `service`, `environment`, `logger`,
/// `message`, then `trace_id`, `span_id` and `request_id` when known, `error` when one was passed,
/// and the remaining metadata under `metadata`:
///
/// ```json
/// {"timestamp":"2026-11-22T04:06:46.123Z","level":"info","service":"orders-api","environment":"production",
///  "logger":"orders","message":"order created","request_id":"9f2c…","metadata":{"order.id":"42"}}
/// ```
public struct JSONLogHandler: LogHandler {
    /// Metadata on every line of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added at each call, e.g. the active trace.
    public var metadataProvider: Logger.MetadataProvider?
    /// Calls below this level are dropped before any work.
    public var logLevel: Logger.Level

    private let label: String
    private let service: String
    private let environment: String
    private let output: LogOutput
    private let redactor: Redactor

    /// Creates a handler; usually made for you by ``Vitals/bootstrap(configuration:)``.
    public init(
        label: String,
        service: String,
        environment: String,
        level: Logger.Level = .info,
        redaction: RedactionPolicy = .default,
        output: LogOutput = .standardOutput,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.service = service
        self.environment = environment
        self.logLevel = level
        self.redactor = Redactor(policy: redaction)
        self.output = output
        self.metadataProvider = metadataProvider
    }

    /// One of this handler's metadata values.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Writes one JSON line, redacted.
    public func log(event: LogEvent) {
        let line = LogLine(event: event, handlerMetadata: self.metadata, provider: self.metadataProvider, redactor: self.redactor)
        var json = JSONWriter(capacity: 256)
        json.raw("{")
        json.key("timestamp")
        json.timestampNow()
        json.key("level")
        json.string(event.level.rawValue)
        json.key("service")
        json.string(self.service)
        json.key("environment")
        json.string(self.environment)
        json.key("logger")
        json.string(self.label)
        json.key("message")
        json.string(line.message)
        for (key, value) in line.correlation {
            json.key(key)
            json.string(value)
        }
        if let error = line.error {
            json.key("error")
            json.string(error)
        }
        if !line.metadata.isEmpty {
            json.key("metadata")
            json.raw("{")
            for (key, value) in line.metadata {
                json.key(key)
                json.metadataValue(value)
            }
            json.raw("}")
        }
        json.raw("}\n")
        self.output.write(json.bytes)
    }
}

extension JSONWriter {
    mutating func metadataValue(_ value: Logger.MetadataValue) {
        switch value {
        case .string(let string): self.string(string)
        case .stringConvertible(let convertible):
            // Numbers and booleans stay what they are, so `duration_ms > 500` works in a log query.
            switch convertible {
            case let number as Int: self.raw(String(number))
            case let number as Double where number.isFinite: self.raw("\(number)")
            case let flag as Bool: self.raw(flag ? "true" : "false")
            default: self.string(convertible.description)
            }
        case .array(let values):
            self.raw("[")
            for (index, value) in values.enumerated() {
                if index > 0 { self.raw(",") }
                self.metadataValue(value)
            }
            self.raw("]")
        case .dictionary(let dictionary):
            self.raw("{")
            for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
                self.key(key)
                self.metadataValue(value)
            }
            self.raw("}")
        }
    }
}
