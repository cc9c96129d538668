package import Instrumentation
import ServiceContextModule
package import Tracing

/// A tracer whose spans redact what is written into them before it reaches the exporter: attribute values
/// (by key and by content), event attributes, recorded errors and status messages. Whatever code started
/// the span — the middleware, an HTTP client, the application — a secret in an error text does not leave the
/// process in a span.
///
/// ``Vitals/bootstrap(configuration:environment:)`` installs the OTLP tracer wrapped in one.
package struct RedactingTracer<Base: Tracer>: TracerWrapper {
    package typealias Span = RedactingSpan<Base.Span>

    package let base: Base
    let redactor: Redactor

    package init(_ base: Base, redactor: Redactor) {
        self.base = base
        self.redactor = redactor
    }

    package func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> Span {
        let span = self.base.startSpan(
            self.redactor.redact(operationName),
            context: context(),
            ofKind: kind,
            at: instant(),
            function: function,
            file: fileID,
            line: line
        )
        return RedactingSpan(base: span, redactor: self.redactor)
    }

    package func activeSpan(identifiedBy context: ServiceContext) -> Span? {
        self.base.activeSpan(identifiedBy: context).map { RedactingSpan(base: $0, redactor: self.redactor) }
    }
}

/// A span that redacts on the way in; see ``RedactingTracer``.
package struct RedactingSpan<Base: Tracing.Span>: Tracing.Span {
    package let base: Base
    let redactor: Redactor

    package var context: ServiceContext { self.base.context }

    package var operationName: String {
        get { self.base.operationName }
        nonmutating set { self.base.operationName = self.redactor.redact(newValue) }
    }

    package var attributes: SpanAttributes {
        get { self.base.attributes }
        nonmutating set { self.base.attributes = self.redactor.redact(newValue) }
    }

    package var isRecording: Bool { self.base.isRecording }

    package func setStatus(_ status: SpanStatus) {
        self.base.setStatus(SpanStatus(code: status.code, message: status.message.map(self.redactor.redact)))
    }

    package func addEvent(_ event: SpanEvent) {
        var event = event
        event.attributes = self.redactor.redact(event.attributes)
        self.base.addEvent(event)
    }

    /// Recorded as OpenTelemetry's `exception` event, as the exporter would, with the message redacted.
    package func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        var eventAttributes: SpanAttributes = [
            "exception.type": .string(String(describing: type(of: error))),
            "exception.message": .string(self.redactor.redact(String(describing: error))),
        ]
        eventAttributes.merge(self.redactor.redact(attributes))
        self.base.addEvent(SpanEvent(name: "exception", at: instant(), attributes: eventAttributes))
    }

    package func addLink(_ link: SpanLink) {
        self.base.addLink(SpanLink(context: link.context, attributes: self.redactor.redact(link.attributes)))
    }

    package func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) { self.base.end(at: instant()) }
}

extension Redactor {
    /// `attributes` with values under secret keys replaced and credentials inside text values redacted;
    /// numbers and booleans as they are.
    package func redact(_ attributes: SpanAttributes) -> SpanAttributes {
        var redacted = SpanAttributes()
        // SpanAttributes is not a Sequence: forEach is its only iteration.
        // swift-format-ignore: ReplaceForEachWithForLoop
        attributes.forEach { key, value in redacted.set(key, value: self.redact(value, key: key)) }
        return redacted
    }

    private func redact(_ value: SpanAttribute, key: String) -> SpanAttribute {
        let secret = self.isSecret(key: key)
        switch value {
        case .string(let text): return .string(secret ? self.policy.replacement : self.redact(text))
        case .stringArray(let texts): return .stringArray(texts.map { secret ? self.policy.replacement : self.redact($0) })
        case .stringConvertible(let convertible):
            return .string(secret ? self.policy.replacement : self.redact(convertible.description))
        case .stringConvertibleArray(let convertibles):
            return .stringArray(convertibles.map { secret ? self.policy.replacement : self.redact($0.description) })
        default:
            // Numbers and booleans carry no secret text; under a secret key they are hidden all the same.
            return secret ? .string(self.policy.replacement) : value
        }
    }
}
