/// The Vitals library: the signals a Swift service needs so that it can be watched.
///
/// Call ``bootstrap(configuration:)`` once at start-up and run the service it returns in your
/// `ServiceGroup`; then record through ``signals`` and answer probes from ``health``.
public enum Vitals {
    /// The process-wide signal registry that `/metrics` serves; swift-metrics is bootstrapped onto it.
    public static let signals = SignalRegistry()
    /// The process-wide health registry that `/health/*` answers from.
    public static let health = HealthRegistry()
    /// The process-wide dependency measurements: database, HTTP client and cache calls, connection pools.
    public static let dependencies = Dependencies(signals: signals)
}
