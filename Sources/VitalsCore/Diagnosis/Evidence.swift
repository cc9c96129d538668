import Foundation

/// Formats the facts inside diagnoses: times in the workload's zone, durations as people write them,
/// counts with thousands separators.
struct Evidence {
    let timeZone: TimeZone

    /// For workloads without a time zone of their own: APIs, workers, heartbeats.
    static let utc = Evidence(timeZone: TimeZone(identifier: "UTC")!)

    /// `cannot scrape <url> (3 failures in a row, last at …): <reason>; <what> are not judged`, once
    /// scrapes have failed `threshold` times in a row.
    func scrapeFailing(_ signals: SignalAccumulator, url: String, threshold: Int, notJudged: String) -> String? {
        guard let failure = signals.lastFailure, signals.consecutiveFailures >= threshold else { return nil }
        return
            "cannot scrape \(url) (\(signals.consecutiveFailures) failures in a row, last at \(self.clock(failure.at))): \(failure.reason); \(notJudged) are not judged"
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

    private func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = self.timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// `10.4%`, `0.52%`: two significant digits below 1%.
    static func percent(_ ratio: Double) -> String {
        let value = ratio * 100
        return value >= 1 || value == 0 ? String(format: "%.1f%%", value) : String(format: "%.2f%%", value)
    }

    /// `15.2×`.
    static func factor(_ value: Double) -> String { String(format: "%.1f×", value) }

    static func duration(seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 10, seconds != seconds.rounded() { return String(format: "%.1fs", seconds) }
        return DurationText.format(.seconds(Int64(seconds.rounded())))
    }

    static func count(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
