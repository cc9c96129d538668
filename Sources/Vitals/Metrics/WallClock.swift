import Foundation

/// Reads wall-clock time as Unix seconds; injectable so tests control timestamps.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Double

    /// A clock that returns whatever `read` returns.
    public init(_ read: @escaping @Sendable () -> Double) { self.read = read }

    /// The system's real-time clock. `Date` rather than `clock_gettime`: `timespec` is declared twice on
    /// Linux (Glibc and the standard library's shims), and some builds cannot tell which is meant.
    public static let system = WallClock { Date().timeIntervalSince1970 }

    /// Seconds since the Unix epoch.
    public func now() -> Double { self.read() }
}
