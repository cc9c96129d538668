import Foundation
import Testing
import VitalsCore

/// Expected runs across daylight-saving changes, cross-checked with Python's zoneinfo.
/// Rules: a skipped local time fires at the first instant after the gap; a repeated one fires once, first.
@Suite struct ScheduleDSTTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let zone: String
        let expression: String
        let from: String
        let expected: [String]
        var testDescription: String { "\(self.expression) in \(self.zone) from \(self.from)" }
    }

    static let rows: [Row] = [
        // Europe/London: 2026-03-29 01:00 GMT → 02:00 BST; 2026-10-25 02:00 BST → 01:00 GMT.
        Row(
            zone: "Europe/London",
            expression: "30 1 * * *",
            from: "2026-03-28T12:00:00Z",
            expected: ["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]
        ),
        Row(
            zone: "Europe/London",
            expression: "30 1 * * *",
            from: "2026-10-24T12:00:00Z",
            expected: ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]
        ),
        Row(
            zone: "Europe/London",
            expression: "*/30 * * * *",
            from: "2026-10-25T00:00:00Z",
            expected: ["2026-10-25T00:30:00Z", "2026-10-25T02:00:00Z", "2026-10-25T02:30:00Z"]
        ),
        Row(
            zone: "Europe/London",
            expression: "*-*-* 01:30",
            from: "2026-03-28T12:00:00Z",
            expected: ["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]
        ),
        // America/New_York: 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
        Row(
            zone: "America/New_York",
            expression: "30 2 * * *",
            from: "2026-03-07T12:00:00Z",
            expected: ["2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"]
        ),
        Row(
            zone: "America/New_York",
            expression: "30 1 * * *",
            from: "2026-10-31T12:00:00Z",
            expected: ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]
        ),
        Row(
            zone: "America/New_York",
            expression: "*:0/30",
            from: "2026-03-08T06:00:00Z",
            expected: ["2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"]
        ),
        Row(
            zone: "America/New_York",
            expression: "Sun *-*-* 01:30:00",
            from: "2026-10-31T00:00:00Z",
            expected: ["2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"]
        ),
        // Australia/Lord_Howe: a 30-minute shift. 2026-04-05 02:00 (+11) → 01:30 (+10:30); 2026-10-04 02:00 (+10:30) → 02:30 (+11).
        Row(
            zone: "Australia/Lord_Howe",
            expression: "15 2 * * *",
            from: "2026-10-03T00:00:00Z",
            expected: ["2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "45 1 * * *",
            from: "2026-04-04T00:00:00Z",
            expected: ["2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "*-*-* 01:45",
            from: "2026-04-04T00:00:00Z",
            expected: ["2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]
        ),
        // Asia/Kolkata: +05:30 all year.
        Row(
            zone: "Asia/Kolkata",
            expression: "0 9 * * 1-5",
            from: "2026-11-20T00:00:00Z",
            expected: ["2026-11-20T03:30:00Z", "2026-11-23T03:30:00Z"]
        ),
        Row(
            zone: "Asia/Kolkata",
            expression: "Mon..Fri 09:00",
            from: "2026-11-20T00:00:00Z",
            expected: ["2026-11-20T03:30:00Z", "2026-11-23T03:30:00Z"]
        ),
    ]

    @Test(arguments: rows)
    func expectedRunsAcrossDaylightSaving(row: Row) throws {
        let schedule = try Schedule.parse(row.expression, timeZone: row.zone)
        let from = try #require(ISO8601DateFormatter().date(from: row.from))
        let runs = schedule.next(row.expected.count, after: from).map { ISO8601DateFormatter().string(from: $0) }
        #expect(runs == row.expected)
    }
}
