/// When scraped signals and probes of an API or a worker become a diagnosis. Every value has a default
/// that suits a typical service; the spec overrides them per workload.
public struct SignalThresholds: Sendable, Hashable {
    /// The window error ratios, latency and failures are read over. Default 5 minutes.
    public var window: Duration = .seconds(300)
    /// API: share of 5xx answers; worker: share of failed events. Defaults 5% and 10%.
    public var maxErrorRatio: Double?
    /// API: request p99; worker: processing p99. Defaults 1 s and 30 s.
    public var maxP99: Duration?
    /// Requests or events a window needs before its ratios and quantiles are judged. Default 20.
    public var minEvents = 20
    /// Probe failures in a row before a check is down. Default 3.
    public var failureThreshold = 3
    /// Probe successes in a row before a check is up again. Default 1.
    public var successThreshold = 1

    /// The defaults.
    public init() {}

    /// ``maxErrorRatio``, or the default of `kind`.
    public func errorRatio(for kind: Workload.Kind) -> Double { self.maxErrorRatio ?? (kind == .worker ? 0.10 : 0.05) }
    /// ``maxP99``, or the default of `kind`.
    public func p99(for kind: Workload.Kind) -> Duration { self.maxP99 ?? (kind == .worker ? .seconds(30) : .seconds(1)) }
}
