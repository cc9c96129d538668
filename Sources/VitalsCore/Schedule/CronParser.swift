/// Reads the five-field cron format (`minute hour day-of-month month day-of-week`) and its `@` macros.
///
/// Semantics follow Vixie cron and cronie, which most Linux hosts run: names are case-insensitive,
/// `7` is also Sunday, `a/n` steps from `a` to the field's end, and when both day fields are
/// restricted (neither starts with `*`) a day matching either one matches.
enum CronParser {
    static let macros = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    static func parse(_ expression: String) throws(ScheduleError) -> CalendarPattern {
        let trimmed = expression.trimmingSpaces
        if trimmed.hasPrefix("@") {
            guard let expanded = self.macros[trimmed.lowercased()] else {
                throw ScheduleError(
                    "unknown cron macro \(trimmed)",
                    hint: trimmed == "@reboot"
                        ? "@reboot has no schedule to watch; use a heartbeat instead"
                        : "use one of \(self.macros.keys.sorted().joined(separator: ", "))"
                )
            }
            return try self.parse(expanded)
        }
        var fields: [(text: Substring, column: Int)] = []
        var index = expression.startIndex
        while index < expression.endIndex {
            if expression[index] == " " || expression[index] == "\t" {
                index = expression.index(after: index)
                continue
            }
            let start = index
            while index < expression.endIndex, expression[index] != " ", expression[index] != "\t" { index = expression.index(after: index) }
            fields.append((expression[start..<index], expression.distance(from: expression.startIndex, to: start) + 1))
        }
        guard fields.count == 5 else {
            throw ScheduleError(
                "a cron expression has 5 fields, this one has \(fields.count)",
                hint: "write minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\""
                    + (fields.count == 6 ? " (seconds are not supported)" : "")
            )
        }
        func field(_ index: Int, _ name: String, _ range: ClosedRange<Int>, _ names: [String: Int] = [:]) throws(ScheduleError) -> UInt64 {
            try FieldParser(name: name, range: range, names: names, rangeSeparator: "-", column: fields[index].column).parse(fields[index].text)
        }
        var weekdays = try field(4, "day of week", 0...7, FieldParser.weekdayNames)
        if weekdays & (1 << 7) != 0 { weekdays |= 1 }  // 7 is Sunday too
        return CalendarPattern(
            minutes: try field(0, "minute", 0...59),
            hours: UInt32(try field(1, "hour", 0...23)),
            days: UInt32(try field(2, "day of month", 1...31)),
            months: UInt16(try field(3, "month", 1...12, FieldParser.monthNames)),
            weekdays: UInt8(weekdays & 0x7F),
            dayOrWeekday: !fields[2].text.hasPrefix("*") && !fields[4].text.hasPrefix("*")
        )
    }
}
