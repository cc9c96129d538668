package import Instrumentation
import ServiceContextModule
package import Tracing

/// A tracer that exports a trace only when ``TraceKeeping`` keeps it: its base records every trace (the
/// OTLP tracer sampling all), and the spans of a trace outside the ratio are held until its last local
/// span ends, then exported if the trace failed or was slow, and dropped otherwise.
package struct KeepingTracer<Base: Tracer>: TracerWrapper {
    package typealias Span = KeepingSpan<Base.Span>

    package let base: Base
    let keeping: TraceKeeping
    let held: HeldTraces

    package init(_ base: Base, keeping: TraceKeeping) {
        self.base = base
        self.keeping = keeping
        self.held = HeldTraces(limit: keeping.limit)
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
        let span = self.base.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID, line: line)
        // Only a recorded W3C trace outside the ratio is held; everything else goes through as it is.
        guard span.isRecording, let trace = TraceReference(span.context, instrument: self.base),
            !self.keeping.keeps(traceID: trace.traceID), self.held.open(trace.traceID)
        else { return KeepingSpan(base: span, hold: nil) }
        return KeepingSpan(base: span, hold: .init(traceID: trace.traceID, held: self.held, slowerThan: self.keeping.slowerThan))
    }

    package func activeSpan(identifiedBy context: ServiceContext) -> Span? {
        self.base.activeSpan(identifiedBy: context).map { KeepingSpan(base: $0, hold: nil) }
    }
}

extension KeepingTracer: TraceKeepingTracer {
    package func keeps(traceID: String, failed: Bool, seconds: Double) -> Bool {
        self.keeping.keeps(traceID: traceID, failed: failed, seconds: seconds)
    }
}

/// A tracer that exports only some traces, and can tell which: exemplars must name exported traces only.
package protocol TraceKeepingTracer {
    /// Whether the trace `traceID` is exported, given that this process saw it fail or take `seconds`.
    func keeps(traceID: String, failed: Bool, seconds: Double) -> Bool
}

/// A span of a ``KeepingTracer``: a span held until its trace is decided marks the trace kept when it is
/// an error, and hands its end to the decision.
package struct KeepingSpan<Base: Tracing.Span>: Tracing.Span {
    struct Hold: Sendable {
        let traceID: String
        let held: HeldTraces
        let slowerThan: Duration?
        let start = ContinuousClock.now
    }

    package let base: Base
    let hold: Hold?

    package var context: ServiceContext { self.base.context }

    package var operationName: String {
        get { self.base.operationName }
        nonmutating set { self.base.operationName = newValue }
    }

    package var attributes: SpanAttributes {
        get { self.base.attributes }
        nonmutating set { self.base.attributes = newValue }
    }

    package var isRecording: Bool { self.base.isRecording }

    package func setStatus(_ status: SpanStatus) {
        if status.code == .error, let hold { hold.held.keep(hold.traceID) }
        self.base.setStatus(status)
    }

    package func addEvent(_ event: SpanEvent) { self.base.addEvent(event) }

    package func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        if let hold { hold.held.keep(hold.traceID) }
        self.base.recordError(error, attributes: attributes, at: instant())
    }

    package func addLink(_ link: SpanLink) { self.base.addLink(link) }

    package func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        guard let hold else { return self.base.end(at: instant()) }
        // The end time is taken now: an exported span says when it ended, not when its trace was decided.
        let end = instant()
        let slow = hold.slowerThan.map { ContinuousClock.now - hold.start >= $0 } ?? false
        let base = self.base
        hold.held.ended(hold.traceID, keep: slow) { base.end(at: end) }
    }
}
