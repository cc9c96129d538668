import Foundation

/// Converts between wall-clock time in a time zone and instants, with the daylight-saving rules Vitals
/// documents: a local time that does not exist (skipped by a spring-forward) resolves to the first
/// instant after the gap; a local time that happens twice (fall-back) resolves to its first occurrence.
enum LocalTime {
    /// Seconds of the zone's offset from UTC at `instant`.
    static func offset(_ zone: TimeZone, at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
    }

    /// The instant (Unix seconds) at which the local wall-clock time `local` (seconds since 1970-01-01
    /// 00:00 local) happens, by the rules above.
    static func instant(local: Int64, in zone: TimeZone) -> Int64 {
        let before = self.offset(zone, at: local - 86_400)
        let after = self.offset(zone, at: local + 86_400)
        let early = local - max(before, after)
        let late = local - min(before, after)
        let earlyValid = self.offset(zone, at: early) == max(before, after)
        let lateValid = self.offset(zone, at: late) == min(before, after)
        if earlyValid { return early }  // the only, or the first of two, occurrences
        if lateValid { return late }
        // Skipped: find the transition between the two candidates, the first instant after the gap.
        var low = early
        var high = late
        let target = self.offset(zone, at: high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if self.offset(zone, at: middle) == target { high = middle } else { low = middle }
        }
        return high
    }

    /// Local wall-clock seconds (since 1970-01-01 00:00 local) of `instant`.
    static func local(instant: Int64, in zone: TimeZone) -> Int64 {
        instant + self.offset(zone, at: instant)
    }
}

/// A proleptic Gregorian calendar date, converted to and from days since 1970-01-01 without Foundation
/// (Howard Hinnant's `days_from_civil`), so schedule search is plain arithmetic.
struct CivilDate: Hashable {
    var year: Int
    var month: Int  // 1...12
    var day: Int  // 1...31

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        self.day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        self.month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        self.year = yearOfEra + era * 400 + (self.month <= 2 ? 1 : 0)
    }

    var daysSinceEpoch: Int {
        let y = self.month <= 2 ? self.year - 1 : self.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthPrime = self.month > 2 ? self.month - 3 : self.month + 9
        let dayOfYear = (153 * monthPrime + 2) / 5 + self.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 0 = Sunday … 6 = Saturday.
    var weekday: Int {
        ((self.daysSinceEpoch + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday
    }
}
