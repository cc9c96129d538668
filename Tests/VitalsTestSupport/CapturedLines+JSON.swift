package import Foundation
import InMemoryTracing
package import Logging
import ServiceContextModule
import Vitals

extension CapturedLines {
    /// A logger writing here through the real JSON handler, with the trace and span ids of the in-memory
    /// tracer's active span, as OTel's metadata provider adds them for its own spans.
    package func jsonLogger(label: String = "app", service: String = "test") -> Logger {
        let provider = Logger.MetadataProvider {
            guard let span = ServiceContext.current?.inMemorySpanContext else { return [:] }
            return ["trace_id": .string(span.traceID), "span_id": .string(span.spanID)]
        }
        let handler = JSONLogHandler(
            label: label,
            service: service,
            environment: "test",
            output: .custom { self.append($0) },
            metadataProvider: provider
        )
        return Logger(label: label, factory: { _ in handler })
    }

    /// Every line so far, parsed as a JSON object.
    package var records: [[String: Any]] {
        self.all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }
}
