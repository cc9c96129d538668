public import Instrumentation
import ServiceContextModule

/// The request id in the task-local `ServiceContext`, beside the trace: work a request starts carries it,
/// log lines written anywhere in that work get it as `request_id`, and ``Propagation`` hands it on.
enum RequestIDKey: ServiceContextKey {
    typealias Value = String
    static var nameOverride: String? { "request_id" }
}

extension ServiceContext {
    /// The id of the request this work belongs to, set by the HTTP middleware (and by
    /// ``WorkerMonitor/handle(handler:eventType:propagated:_:)`` from the headers an event carried).
    public var requestID: String? {
        get { self[RequestIDKey.self] }
        set { self[RequestIDKey.self] = newValue }
    }
}

extension RequestID {
    /// The id of the request the current task works for, if any: what the access log and every log line
    /// in it carry as `request_id`. Put it on calls you make so the next service logs the same id.
    public static var current: String? { ServiceContext.current?.requestID }
}

/// Carries the current trace and request id across a boundary Vitals does not see — a queue message, a
/// row a worker picks up, a job started on another host — as plain string headers.
///
/// ```swift
/// // in the request handler, beside the event:
/// try await queue.push(event, headers: Propagation.headers())
/// // in the worker: the handling span continues the request's trace, its log lines carry its request_id
/// try await monitor.handle(handler: "confirm", eventType: event.type, propagated: event.headers) { … }
/// ```
public enum Propagation {
    /// W3C `traceparent` (and `tracestate`) of `context`'s span when tracing is on, and `x-request-id`.
    /// `instrument` defaults to the one bootstrapped.
    public static func headers(from context: ServiceContext? = .current, instrument: (any Instrument)? = nil) -> [String: String] {
        guard let context else { return [:] }
        var headers: [String: String] = [:]
        (instrument ?? InstrumentationSystem.instrument).inject(context, into: &headers, using: DictionaryInjector())
        if let requestID = context.requestID { headers[RequestID.headerName.lowercased()] = requestID }
        return headers
    }

    /// A context continuing what `headers` carried: the trace as parent, the request id if well-formed
    /// (anything else is dropped, as the middleware would).
    public static func context(from headers: [String: String], instrument: (any Instrument)? = nil) -> ServiceContext {
        var context = ServiceContext.topLevel
        (instrument ?? InstrumentationSystem.instrument).extract(headers, into: &context, using: DictionaryExtractor())
        if let requestID = headers[RequestID.headerName.lowercased()] ?? headers[RequestID.headerName], RequestID.isWellFormed(requestID) {
            context.requestID = requestID
        }
        return context
    }
}

struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key.lowercased()] = value }
}

struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key.lowercased()] ?? carrier[key] }
}
