/// The largest values Vitals takes from outside — a spec, a ping, an API body, a receiver's answer — in one
/// place, so every edge refuses (or caps) the same things, and the arithmetic behind diagnoses, evidence
/// and charts can never overflow. docs/spec.md lists them.
public enum Bounds {
    /// 10 years: the longest duration a spec, a ping's `?duration=` or a silence may give.
    public static let longestDuration: Duration = .seconds(10 * 365 * 86_400)
    /// 10^15: the most records a run may report with `?records=`.
    public static let mostRecords = 1_000_000_000_000_000
    /// 1 hour: the longest a receiver's `Retry-After` holds a notification back; longer asks are capped.
    public static let longestRetryAfter: Duration = .seconds(3600)

    /// Seconds since 1970 between 1970 and the year 5000: the dates a stored row may hold. A row outside is
    /// from a broken clock or a hand edit, and is read as "no date".
    public static let storedSeconds = 0.0...95_617_584_000.0
}
