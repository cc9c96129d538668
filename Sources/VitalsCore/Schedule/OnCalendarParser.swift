import Foundation

/// Reads systemd calendar events (`OnCalendar=`, systemd.time(7)): `[weekdays] [date] [time] [zone]`,
/// e.g. `Mon..Fri *-*-* 03:00`, `*-*-01 00:00:00`, `Sat,Sun 10:30 Europe/Berlin`, and the shorthands
/// `minutely` … `yearly`. Components take `*`, lists (`,`), ranges (`..`) and repetitions (`/`).
/// A missing date means every day; a missing time means midnight; missing seconds mean `:00`.
enum OnCalendarParser {
    static let shorthands = [
        "minutely": "*-*-* *:*:00", "hourly": "*-*-* *:00:00", "daily": "*-*-* 00:00:00",
        "monthly": "*-*-01 00:00:00", "weekly": "Mon *-*-* 00:00:00", "yearly": "*-01-01 00:00:00",
        "annually": "*-01-01 00:00:00", "quarterly": "*-01,04,07,10-01 00:00:00", "semiannually": "*-01,07-01 00:00:00",
    ]

    /// The pattern, and the time zone if the expression names one at its end.
    static func parse(_ expression: String) throws(ScheduleError) -> (CalendarPattern, TimeZone?) {
        let trimmed = expression.trimmingSpaces
        if let expanded = self.shorthands[trimmed.lowercased()] { return try self.parse(expanded) }
        var tokens = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        func columnOf(_ token: Substring) -> Int { trimmed.distance(from: trimmed.startIndex, to: token.startIndex) + 1 }
        var zone: TimeZone?
        // A trailing time zone (`UTC`, `Europe/Berlin`): not a time, and a name the zone database knows.
        if tokens.count > 1, let last = tokens.last, !last.contains(":"), last.first?.isLetter == true,
            let named = TimeZone(identifier: String(last))
        {
            zone = named
            tokens.removeLast()
        }
        var pattern = CalendarPattern(seconds: 1, minutes: 1, hours: 1, days: UInt32.max, months: UInt16.max, weekdays: 0x7F)
        var index = 0
        if index < tokens.count, tokens[index].first?.isLetter == true {
            pattern.weekdays = UInt8(try self.weekdays(tokens[index], column: columnOf(tokens[index])))
            index += 1
        }
        if index < tokens.count, tokens[index].contains("-") {
            try self.date(tokens[index], into: &pattern, column: columnOf(tokens[index]))
            index += 1
        }
        if index < tokens.count, tokens[index].contains(":") {
            try self.time(tokens[index], into: &pattern, column: columnOf(tokens[index]))
            index += 1
        }
        guard index == tokens.count, !tokens.isEmpty else {
            let rest = index < tokens.count ? tokens[index] : Substring(trimmed)
            throw ScheduleError(
                "cannot read \"\(rest)\" as a weekday, date (Y-M-D), time (H:M:S) or time zone",
                hint: "write it like \"Mon..Fri *-*-* 03:00\" or \"daily\"",
                column: index < tokens.count ? columnOf(tokens[index]) : 1
            )
        }
        return (pattern, zone)
    }

    private static func weekdays(_ token: Substring, column: Int) throws(ScheduleError) -> UInt64 {
        let names = FieldParser.weekdayNames.merging(
            ["sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6]) { a, _ in a }
        return try FieldParser(name: "weekday", range: 0...6, names: names, rangeSeparator: "..", column: column).parse(token)
    }

    private static func date(_ token: Substring, into pattern: inout CalendarPattern, column: Int) throws(ScheduleError) {
        var parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else {
            throw ScheduleError("date \"\(token)\" is not Y-M-D or M-D", hint: "write a date like *-*-01 or 2026-12-24", column: column)
        }
        if parts.count == 2 { parts.insert("*", at: 0) }
        if parts[2].contains("~") {
            throw ScheduleError(
                "\"~\" (days from the end of the month) is not supported",
                hint: "list the days instead, e.g. *-*-28..31",
                column: column
            )
        }
        if parts[0] != "*" {
            let years = try FieldParser(name: "year", range: 1970...2199, names: [:], rangeSeparator: "..", column: column).values(parts[0])
            pattern.years = years
        }
        pattern.months = UInt16(try FieldParser(name: "month", range: 1...12, names: [:], rangeSeparator: "..", column: column).parse(parts[1]))
        pattern.days = UInt32(try FieldParser(name: "day", range: 1...31, names: [:], rangeSeparator: "..", column: column).parse(parts[2]))
    }

    private static func time(_ token: Substring, into pattern: inout CalendarPattern, column: Int) throws(ScheduleError) {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else {
            throw ScheduleError("time \"\(token)\" is not H:M or H:M:S", hint: "write a time like 03:00 or *:0/15", column: column)
        }
        if parts.count == 3, parts[2].contains(".") {
            throw ScheduleError("fractional seconds are not supported", hint: "use whole seconds", column: column)
        }
        pattern.hours = UInt32(try FieldParser(name: "hour", range: 0...23, names: [:], rangeSeparator: "..", column: column).parse(parts[0]))
        pattern.minutes = try FieldParser(name: "minute", range: 0...59, names: [:], rangeSeparator: "..", column: column).parse(parts[1])
        pattern.seconds =
            parts.count == 3
            ? try FieldParser(name: "second", range: 0...59, names: [:], rangeSeparator: "..", column: column).parse(parts[2]) : 1
    }
}
