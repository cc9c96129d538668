import Logging
import ServiceContextModule

/// The parts of one log line after metadata merging and redaction, shared by both formats.
struct LogLine {
    /// Keys promoted to top-level fields of a JSON line because every log pipeline searches by them.
    static let correlationKeys = ["trace_id", "span_id", "request_id"]
    /// What frameworks and exporters add beside those that would say the same thing twice on every line:
    /// Hummingbird's request id (the middleware makes it the request's id), OTel's trace flags.
    static let redundantKeys = ["hb.request.id", "trace_flags"]

    var message: String
    var correlation: [(key: String, value: String)] = []
    var metadata: [(key: String, value: Logger.MetadataValue)] = []
    var error: String?

    init(
        event: LogEvent,
        handlerMetadata: Logger.Metadata,
        provider: Logger.MetadataProvider?,
        redactor: Redactor
    ) {
        self.message = redactor.redact(event.message.description)
        var merged = handlerMetadata
        if let provided = provider?.get() { merged.merge(provided) { _, provided in provided } }
        if let explicit = event.metadata { merged.merge(explicit) { _, explicit in explicit } }
        for key in Self.redundantKeys { merged.removeValue(forKey: key) }
        for key in Self.correlationKeys {
            if let value = merged.removeValue(forKey: key) { self.correlation.append((key, value.description)) }
        }
        // Work a request started (a child task, a worker handling its event) logs through loggers that never
        // saw the middleware's metadata; the id travels in the task's context instead.
        if !self.correlation.contains(where: { $0.key == "request_id" }), let requestID = ServiceContext.current?.requestID {
            self.correlation.append(("request_id", requestID))
        }
        // Sorted so that lines diff cleanly and tests can compare them.
        self.metadata = merged.sorted { $0.key < $1.key }.map { ($0.key, redactor.redact($0.value, key: $0.key)) }
        if let error = event.error { self.error = redactor.redact(String(describing: error)) }
    }
}
