import Prometheus
import ServiceContextModule
public import Tracing
import VitalsBase
public import VitalsSignals

/// Measures the calls a service makes to what it depends on, so that when a request is slow or fails the
/// watcher can say which dependency did it: each call is timed into the dependency histograms of the
/// signals contract (``Signal/Dependency``) and is a client span, a child of the request's span.
///
/// ```swift
/// let orders = try await Vitals.dependencies.database(system: "postgresql", operation: "SELECT", server: "orders-db") {
///     try await db.query("SELECT … FROM orders WHERE id = $1", id)
/// }
/// let cached = await Vitals.dependencies.cache("prices") { await cache.get(key) }   // nil counts as a miss
/// Vitals.dependencies.registerPool(name: "orders-db") { PoolUsage(used: pool.leased, idle: pool.idle, max: 20) }
/// ```
///
/// Outbound HTTP through AsyncHTTPClient goes through `HTTPClient.execute(_:timeout:dependencies:)`, which
/// also hands the trace and request id on. Labels are capped like every Vitals label: pass operation names
/// (`SELECT`, `GetItem`) and logical server names, never statements or URLs.
public final class Dependencies: Sendable {
    private let signals: SignalRegistry
    private let buckets: [Double]
    private let tracer: (any Tracer)?

    /// - Parameters:
    ///   - signals: where the signals go, usually ``Vitals/signals``.
    ///   - buckets: duration buckets in seconds; default ``Signal/Dependency/durationBuckets``.
    ///   - tracer: for the client spans; default `InstrumentationSystem.tracer` as bootstrapped.
    public init(signals: SignalRegistry, buckets: [Double] = Signal.Dependency.durationBuckets, tracer: (any Tracer)? = nil) {
        self.signals = signals
        self.buckets = buckets
        self.tracer = tracer
    }

    /// The tracer of the spans, which also writes the trace into outgoing headers.
    var instrument: any Tracer { self.tracer ?? InstrumentationSystem.tracer }

    /// Runs `body` as one database operation: a client span named `<operation> <server>` and an observation
    /// of `db_client_operation_duration_seconds`, with the error's type as `error_type` when it throws.
    /// - Parameters:
    ///   - system: `postgresql`, `mysql`, `sqlite`, `redis`, `mongodb`, … (the conventions' `db.system.name`).
    ///   - operation: `SELECT`, `INSERT`, `findAndModify`, … — a name, never the statement.
    ///   - server: the dependency's name as people on call say it: its host (`orders-db`) or, for an
    ///     embedded database, its file's name.
    public func database<T>(system: String, operation: String, server: String, _ body: () async throws -> T) async throws -> T {
        try await self.measure(
            span: "\(operation) \(server)",
            attributes: ["db.system.name": system, "db.operation.name": operation, "server.address": server],
            record: { seconds, errorType, _, context in
                self.signals.observe(
                    Signal.Dependency.databaseDuration,
                    buckets: self.buckets,
                    [system, operation, server, errorType],
                    value: seconds,
                    failed: !errorType.isEmpty,
                    context: context,
                    instrument: self.instrument
                )
            },
            status: { _ in nil },
            statusWhenThrown: nil,
            body
        )
    }

    /// Runs `body` as one outbound HTTP request to `server`: a client span named after the method and an
    /// observation of `http_client_request_duration_seconds` with the status `status(result)` reads. A
    /// 5xx status is an error (its code is the `error_type`), as is a thrown error (its type, status `0`).
    public func http<T>(
        method: String,
        server: String,
        status: (T) -> Int,
        _ body: () async throws -> T
    ) async throws -> T {
        let method = HTTPMethodLabel.normalised(method)
        return try await self.measure(
            span: method,
            attributes: ["http.request.method": method, "server.address": server],
            record: { seconds, errorType, code, context in
                self.signals.observe(
                    Signal.Dependency.httpDuration,
                    buckets: self.buckets,
                    [server, method, code.map(String.init) ?? "0", errorType],
                    value: seconds,
                    failed: !errorType.isEmpty,
                    context: context,
                    instrument: self.instrument
                )
            },
            status: status,
            // A request that threw got no status: `0`, as the conventions leave it out.
            statusWhenThrown: 0,
            body
        )
    }

    /// Runs one lookup in cache `cache`: a value is a hit, `nil` a miss, a thrown error (rethrown) an
    /// error, counted in `vitals_cache_lookups_total{cache, result}`.
    public func cache<T>(_ cache: String, _ lookup: () async throws -> T?) async rethrows -> T? {
        do {
            let value = try await lookup()
            self.recordLookup(cache: cache, result: value == nil ? .miss : .hit)
            return value
        } catch {
            self.recordLookup(cache: cache, result: .error)
            throw error
        }
    }

    /// Counts one lookup of `cache` that was measured elsewhere.
    public func recordLookup(cache: String, result: Signal.Dependency.CacheResult) {
        self.signals.counter(Signal.Dependency.cacheLookups, cache, result.rawValue).increment()
    }

    /// Samples a connection pool each time metrics are scraped: connections in use and idle, and the most it
    /// opens. A provider that throws or takes longer than `timeout` reports `NaN` ("cannot tell").
    public func registerPool(name: String, timeout: Duration = .milliseconds(300), _ provider: @escaping @Sendable () async throws -> PoolUsage) {
        let used = self.signals.gauge(Signal.Dependency.poolConnections, name, "used")
        let idle = self.signals.gauge(Signal.Dependency.poolConnections, name, "idle")
        let max = self.signals.gauge(Signal.Dependency.poolMax, name)
        self.signals.addSampler {
            let sampled = SampledValue<PoolUsage>()
            let outcome = await Deadline.run(timeout) { sampled.set(try await provider()) }
            var usage: PoolUsage?
            if case .finished = outcome { usage = sampled.get() }
            used.set(to: usage.map { Double($0.used) } ?? .nan)
            idle.set(to: usage.map { Double($0.idle) } ?? .nan)
            max.set(to: usage.map { Double($0.max) } ?? .nan)
        }
    }

    /// Records how long a caller waited for a connection from pool `name`.
    public func recordPoolWait(name: String, seconds: Double) {
        self.signals.histogram(Signal.Dependency.poolWait, buckets: self.buckets, name).record(seconds)
    }

    /// Times `body` in a client span that is a child of the current context, then hands the seconds, the
    /// `error_type` ("" when it succeeded), the status and the span's context when it is recorded (for an
    /// exemplar) to `record`; rethrows what `body` threw.
    private func measure<T>(
        span name: String,
        attributes: [String: String],
        record: (_ seconds: Double, _ errorType: String, _ status: Int?, _ context: ServiceContext?) -> Void,
        status: (T) -> Int?,
        statusWhenThrown: Int?,
        _ body: () async throws -> T
    ) async throws -> T {
        let span = self.instrument.startSpan(name, context: ServiceContext.current ?? .topLevel, ofKind: .client)
        defer { span.end() }
        if span.isRecording {
            for (key, value) in attributes { span.attributes[key] = value }
        }
        let start = ContinuousClock.now
        do {
            let value = try await ServiceContext.$current.withValue(span.context) { try await body() }
            let seconds = (ContinuousClock.now - start).inSeconds
            let code = status(value)
            let failed = code.map { $0 >= 500 } ?? false
            if let code, span.isRecording { span.attributes["http.response.status_code"] = code }
            let errorType = failed ? code.map(String.init) ?? "" : ""
            if failed {
                span.attributes["error.type"] = errorType
                span.setStatus(SpanStatus(code: .error))
            }
            record(seconds, errorType, code, span.isRecording ? span.context : nil)
            return value
        } catch {
            let errorType = WorkerMonitor.errorClass(error)
            span.recordError(error)
            span.attributes["error.type"] = errorType
            span.setStatus(SpanStatus(code: .error))
            record((ContinuousClock.now - start).inSeconds, errorType, statusWhenThrown, span.isRecording ? span.context : nil)
            throw error
        }
    }
}

/// A connection pool as sampled by ``Dependencies/registerPool(name:timeout:_:)``.
public struct PoolUsage: Sendable, Hashable {
    /// Connections lent out.
    public var used: Int
    /// Connections open and waiting to be lent.
    public var idle: Int
    /// The most connections the pool opens.
    public var max: Int

    /// A pool with `used` connections lent, `idle` waiting, at most `max`.
    public init(used: Int, idle: Int, max: Int) {
        self.used = used
        self.idle = idle
        self.max = max
    }
}
