import Foundation
import Synchronization
import VitalsBase

/// Formats the facts inside diagnoses: times in the workload's zone, durations as people write them,
/// counts with thousands separators.
struct Evidence {
    let timeZone: TimeZone

    /// For workloads without a time zone of their own: APIs, workers, heartbeats.
    static let utc = Evidence(timeZone: TimeZone(identifier: "UTC")!)

    /// `<url> (3 failures in a row, last at …): <reason>`, once scrapes have failed `threshold` times in a row.
    func scrapeFailing(_ signals: InstanceSignals, url: String, threshold: Int) -> String? {
        guard let failure = signals.lastFailure, signals.consecutiveFailures >= threshold else { return nil }
        return "\(url) (\(signals.consecutiveFailures) failures in a row, last at \(self.clock(failure.at))): \(failure.reason)"
    }

    func time(_ date: Date) -> String { self.format(date, "yyyy-MM-dd HH:mm zzz") }

    /// Time of day to the second, for probes and scrapes that change within a minute.
    func clock(_ date: Date) -> String {
        self.format(
            date,
            self.timeZone.secondsFromGMT() == 0 && self.timeZone.identifier.hasPrefix("UTC") || self.timeZone.identifier == "GMT"
                ? "HH:mm:ss 'UTC'" : "HH:mm:ss zzz"
        )
    }

    /// Formatters by time zone and pattern, and what they wrote recently. Making a formatter loads the
    /// locale's data and took a third of an evaluation cycle with thousands of workloads, so the few a spec
    /// needs are made once and kept; formatting is still 5 µs, and a fleet's evidence names the same few
    /// seconds thousands of times (every silent worker's last ping), so each second's text is kept too.
    private static let formatters = Mutex(Formatters())

    private struct Formatters {
        var byKey: [String: DateFormatter] = [:]
        var written: [Written: String] = [:]
        /// Enough for every second of a few evaluation cycles' evidence; forgotten at once when full.
        static let remembered = 4096
    }

    private struct Written: Hashable {
        let key: String
        let second: Int64
    }

    private func format(_ date: Date, _ pattern: String) -> String {
        let key = self.timeZone.identifier + "\u{0}" + pattern
        // Both patterns stop at the second, so every instant within one is written the same.
        let floored = date.timeIntervalSince1970.rounded(.down)
        let written = abs(floored) < 1e15 ? Written(key: key, second: Int64(floored)) : nil
        return Self.formatters.withLock { formatters in
            if let written, let text = formatters.written[written] { return text }
            let formatter =
                formatters.byKey[key]
                ?? {
                    let formatter = DateFormatter()
                    formatter.locale = Locale(identifier: "en_US_POSIX")
                    formatter.timeZone = self.timeZone
                    formatter.dateFormat = pattern
                    formatters.byKey[key] = formatter
                    return formatter
                }()
            let text = formatter.string(from: date)
            if let written {
                if formatters.written.count >= Formatters.remembered { formatters.written.removeAll(keepingCapacity: true) }
                formatters.written[written] = text
            }
            return text
        }
    }

    /// `10.4%`, `0.52%`: two significant digits below 1%.
    static func percent(_ ratio: Double) -> String {
        let value = ratio * 100
        return value >= 1 || value == 0 ? String(format: "%.1f%%", value) : String(format: "%.2f%%", value)
    }

    /// `15.2×`.
    static func factor(_ value: Double) -> String { String(format: "%.1f×", value) }

    /// `250ms`, `1.5s`, `3m20s`; `an unknown time` when the value is not a number and `forever` past any
    /// duration a clock can hold, so a broken sample or row shows as what it is.
    static func duration(seconds: Double) -> String {
        guard !seconds.isNaN else { return "an unknown time" }
        guard let duration = Duration(finiteSeconds: seconds) else { return seconds > 0 ? "forever" : "-forever" }
        if abs(seconds) < 1 { return "\(duration.inMilliseconds)ms" }
        if abs(seconds) < 10, seconds != seconds.rounded() { return String(format: "%.1fs", seconds) }
        return DurationText.format(.seconds(Int64(rounding: seconds) ?? 0))
    }

    /// `41,200`; `unknown` for NaN, `∞` for infinity, and a rounded whole number otherwise.
    static func count(_ value: Double) -> String {
        guard !value.isNaN else { return "unknown" }
        guard value.isFinite else { return value > 0 ? "∞" : "-∞" }
        // Past 2^53 a Double no longer holds every whole number: print it as it is, in scientific form.
        guard abs(value) < 9_007_199_254_740_992 else { return String(format: "%.3g", value) }
        return Self.counter.withLock { $0.string(from: NSNumber(value: value.rounded())) } ?? String(value)
    }

    /// One, made once (see `formatters`).
    private static let counter = Mutex<NumberFormatter>(
        {
            let formatter = NumberFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.numberStyle = .decimal
            formatter.usesGroupingSeparator = true
            formatter.groupingSeparator = ","
            formatter.groupingSize = 3
            formatter.maximumFractionDigits = 0
            return formatter
        }()
    )

    /// `210 MB`, `1.2 GB` (decimal units, as `ps` and dashboards show them); `unknown` when not a size.
    static func bytes(_ value: Double) -> String {
        guard value.isFinite, value >= 0 else { return "unknown" }
        if value >= 1e9 { return String(format: "%.1f GB", value / 1e9) }
        return value >= 1e6 ? String(format: "%.0f MB", value / 1e6) : String(format: "%.0f kB", value / 1e3)
    }

    static func count(_ value: Int) -> String { self.count(Double(value)) }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
