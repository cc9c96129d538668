#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads wall-clock time as Unix seconds; injectable so tests control timestamps.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Double

    /// A clock that returns whatever `read` returns.
    public init(_ read: @escaping @Sendable () -> Double) { self.read = read }

    /// The system's real-time clock.
    public static let system = WallClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Seconds since the Unix epoch.
    public func now() -> Double { self.read() }
}
