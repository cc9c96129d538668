public import Logging
import VitalsSignals

/// A `LogHandler` for a developer's terminal: `time level logger: message key=value…`, redacted like JSON.
public struct ConsoleLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level

    private let label: String
    private let output: LogOutput
    private let redactor: Redactor

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

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

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
