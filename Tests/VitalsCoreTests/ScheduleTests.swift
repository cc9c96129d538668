import Foundation
import Testing
import VitalsCore

@Suite struct ScheduleTests {
    func runs(_ expression: String, _ count: Int = 3, from: String = "2026-11-22T10:17:00Z", zone: String? = nil) throws -> [String] {
        let schedule = try Schedule.parse(expression, timeZone: zone)
        return schedule.next(count, after: ISO8601DateFormatter().date(from: from)!).map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test func cronFieldsListsRangesStepsAndNames() throws {
        #expect(try self.runs("*/20 * * * *") == ["2026-11-22T10:20:00Z", "2026-11-22T10:40:00Z", "2026-11-22T11:00:00Z"])
        #expect(try self.runs("5,35 9-10 * * *") == ["2026-11-22T10:35:00Z", "2026-11-23T09:05:00Z", "2026-11-23T09:35:00Z"])
        #expect(try self.runs("0 3 * JAN,feb MON") == ["2027-01-04T03:00:00Z", "2027-01-11T03:00:00Z", "2027-01-18T03:00:00Z"])
        #expect(try self.runs("0 0 * * 7", 1) == ["2026-11-29T00:00:00Z"], "7 is Sunday")
        #expect(try self.runs("10/20 * * * *", 3) == ["2026-11-22T10:30:00Z", "2026-11-22T10:50:00Z", "2026-11-22T11:10:00Z"])
    }

    @Test func restrictedDayOfMonthAndWeekdayMatchEither() throws {
        // 2026-11-22 is a Sunday: the 1st and every Friday.
        #expect(try self.runs("0 12 1 * FRI", 3) == ["2026-11-27T12:00:00Z", "2026-12-01T12:00:00Z", "2026-12-04T12:00:00Z"])
        #expect(
            try self.runs("0 12 */10 * FRI", 2, from: "2026-11-01T00:00:00Z") == ["2026-12-11T12:00:00Z", "2027-01-01T12:00:00Z"],
            "a day field starting with * does not restrict (Vixie cron): AND"
        )
    }

    @Test func macrosAndEvery() throws {
        #expect(try self.runs("@daily", 2) == ["2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z"])
        #expect(try self.runs("@hourly", 1) == ["2026-11-22T11:00:00Z"])
        #expect(try self.runs("every 90m", 2) == ["2026-11-22T11:47:00Z", "2026-11-22T13:17:00Z"])
        #expect(try Schedule.parse("every 1h").period == .seconds(3600))
    }

    @Test func onCalendarShorthandsAndForms() throws {
        #expect(try self.runs("daily", 1) == ["2026-11-23T00:00:00Z"])
        #expect(try self.runs("weekly", 1) == ["2026-11-23T00:00:00Z"])
        #expect(try self.runs("monthly", 1) == ["2026-12-01T00:00:00Z"])
        #expect(try self.runs("quarterly", 2) == ["2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z"])
        #expect(try self.runs("*-*-* *:00/15:30", 2) == ["2026-11-22T10:30:30Z", "2026-11-22T10:45:30Z"])
        #expect(try self.runs("Sat,Sun 10:30", 2) == ["2026-11-22T10:30:00Z", "2026-11-28T10:30:00Z"])
        #expect(try self.runs("2027-02-28 06:00:00", 2) == ["2027-02-28T06:00:00Z"])
        #expect(try self.runs("12-24 18:00 Europe/Berlin", 1) == ["2026-12-24T17:00:00Z"], "a trailing zone wins")
    }

    @Test func yearsAcrossTheWholeRange() throws {
        #expect(try self.runs("2035-06-01 12:00", 1) == ["2035-06-01T12:00:00Z"], "years are not limited to a 64-value bit set")
        #expect(try self.runs("2026..2100-12-25 00:00", 2) == ["2026-12-25T00:00:00Z", "2027-12-25T00:00:00Z"])
    }

    @Test func impossibleDatesNeverRun() throws {
        #expect(try self.runs("0 0 30 2 *", 1).isEmpty)
        #expect(try self.runs("0 0 29 2 *", 1) == ["2028-02-29T00:00:00Z"])
    }

    @Test(arguments: [
        ("0 3 * *", "has 5 fields, this one has 4"),
        ("0 0 3 * * *", "seconds are not supported"),
        ("61 * * * *", "minute 61 is out of range 0-59"),
        ("0 24 * * *", "hour 24 is out of range 0-23"),
        ("0 0 32 * *", "day of month 32 is out of range 1-31"),
        ("0 0 * 13 *", "month 13 is out of range 1-12"),
        ("0 0 * * FUNDAY", "\"FUNDAY\" is not a valid day of week"),
        ("*/0 * * * *", "step \"0\" in minute is not a positive number"),
        ("5-1 * * * *", "range 5-1 in minute runs backwards"),
        ("1,,2 * * * *", "empty item in minute"),
        ("@reboot", "has no schedule to watch"),
        ("@fortnightly", "unknown cron macro"),
        ("every 0s", "is not a period of at least 1s"),
        ("every soon", "is not a period"),
        ("*-*-* 25:00", "hour 25 is out of range"),
        ("*-*-~1 00:00", "is not supported"),
        ("Mon..Fri nonsense", "cannot read \"nonsense\""),
        ("", "the schedule is empty"),
    ])
    func invalidExpressionsSayWhatToWrite(expression: String, message: String) {
        #expect(throws: ScheduleError.self) { try Schedule.parse(expression) }
        do {
            _ = try Schedule.parse(expression)
        } catch {
            #expect(error.description.contains(message), "\(error)")
            #expect(!error.hint.isEmpty)
        }
    }

    @Test func unknownTimeZoneIsRejected() {
        #expect(throws: ScheduleError("unknown time zone \"Mars/Olympus\"", hint: "use an IANA name such as Europe/Berlin or America/New_York")) {
            try Schedule.parse("0 3 * * *", timeZone: "Mars/Olympus")
        }
    }

    @Test func errorColumnsPointAtTheField() throws {
        do {
            _ = try Schedule.parse("0 3 32 * *")
            Issue.record("accepted day 32")
        } catch {
            #expect(error.column == 5)
        }
    }
}
