import Foundation

/// The set of local wall-clock times a cron or OnCalendar expression matches, and the search for the next one.
///
/// Fields are bit sets. `dayOrWeekday` carries cron's rule that when both day-of-month and day-of-week
/// are restricted, a day matching either one matches.
struct CalendarPattern: Hashable, Sendable {
    var seconds: UInt64 = 1  // bit n = second n; cron: second 0 only
    var minutes: UInt64
    var hours: UInt32
    var days: UInt32  // bit n = day n, 1...31
    var months: UInt16  // bit n = month n, 1...12
    var weekdays: UInt8  // bit n = weekday n, 0 = Sunday
    var years: Set<Int>?  // nil = every year
    var dayOrWeekday = false

    /// How far ahead to look: leap days on a given weekday come around every 28 years.
    static let searchDays = 366 * 29

    func matches(_ date: CivilDate) -> Bool {
        if let years, !years.contains(date.year) { return false }
        guard self.months & (1 << date.month) != 0 else { return false }
        let dayMatches = self.days & (1 << date.day) != 0
        let weekdayMatches = self.weekdays & (1 << date.weekday) != 0
        return self.dayOrWeekday ? (dayMatches || weekdayMatches) : (dayMatches && weekdayMatches)
    }

    /// The first instant strictly after `after` (Unix seconds) whose local time in `zone` matches, or nil
    /// if none within ``searchDays``.
    func next(after: Int64, in zone: TimeZone) -> Int64? {
        let localStart = LocalTime.local(instant: after, in: zone)
        let firstDay = Int(localStart >= 0 ? localStart / 86_400 : (localStart - 86_399) / 86_400)
        // A skipped local time resolves to an instant after the gap, so a day's candidates can land
        // on the next day; the previous day is searched too, and the earliest instant wins.
        for day in (firstDay - 1)...(firstDay + Self.searchDays) {
            let date = CivilDate(daysSinceEpoch: day)
            guard self.matches(date) else { continue }
            if let instant = self.firstTime(on: day, after: after, in: zone) { return instant }
        }
        return nil
    }

    private func firstTime(on day: Int, after: Int64, in zone: TimeZone) -> Int64? {
        // Local times well before `after` cannot resolve after it (offsets differ by at most hours).
        let earliestLocal = LocalTime.local(instant: after, in: zone) - 6 * 3600
        for hour in Self.members(UInt64(self.hours), upTo: 23) {
            for minute in Self.members(self.minutes, upTo: 59) {
                for second in Self.members(self.seconds, upTo: 59) {
                    let local = Int64(day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
                    if local < earliestLocal { continue }
                    let instant = LocalTime.instant(local: local, in: zone)
                    if instant > after { return instant }
                }
            }
        }
        return nil
    }

    private static func members(_ bits: UInt64, upTo maximum: Int) -> some Sequence<Int> {
        (0...maximum).lazy.filter { bits & (1 << UInt64($0)) != 0 }
    }
}
