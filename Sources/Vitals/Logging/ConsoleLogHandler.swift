public import Logging
import VitalsBase

/// A `LogHandler` for a developer's terminal: `time level logger: message key=value…`, redacted like JSON.
public struct ConsoleLogHandler: LogHandler {
    /// Metadata on every line of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added at each call, e.g. the active trace.
    public var metadataProvider: Logger.MetadataProvider?
    /// Calls below this level are dropped before any work.
    public var logLevel: Logger.Level

    private let label: String
    private let output: LogOutput
    private let redactor: Redactor

    /// A handler for `label` writing to `output`.
    public init(
        label: String,
        level: Logger.Level = .info,
        redaction: RedactionPolicy = .default,
        output: LogOutput = .standardError,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
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

    /// Writes one line.
    public func log(event: LogEvent) {
        let line = LogLine(event: event, handlerMetadata: self.metadata, provider: self.metadataProvider, redactor: self.redactor)
        var writer = JSONWriter(capacity: 160)
        writer.timestampNow()
        var text = String(decoding: writer.bytes.dropFirst().dropLast(), as: UTF8.self)
        text += " \(event.level.rawValue.uppercased()) \(self.label): \(line.message)"
        for (key, value) in line.correlation { text += " \(key)=\(value)" }
        for (key, value) in line.metadata { text += " \(key)=\(value)" }
        if let error = line.error { text += " error=\(error)" }
        text += "\n"
        self.output.write(Array(text.utf8))
    }
}
