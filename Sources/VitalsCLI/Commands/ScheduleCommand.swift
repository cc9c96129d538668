import ArgumentParser
import Foundation
import VitalsCore

/// `vitals schedule`: shows when a schedule expects its runs, so a cron line can be checked before it is trusted.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print the next expected runs of a cron, 'every' or OnCalendar expression.",
        discussion: """
            Each line is the run in UTC, then in the schedule's time zone with its offset:
              vitals schedule "30 1 * * *" --timezone Europe/London --from 2026-03-28T12:00:00Z
              2026-03-29T01:00:00Z 2026-03-29T02:00:00+01:00
            Across daylight-saving changes a skipped local time runs at the first instant after the gap,
            and a repeated local time runs once, at its first occurrence.
            """
    )

    @Argument(help: "A cron expression (\"0 3 * * *\", \"@daily\"), \"every 15m\", or a systemd OnCalendar expression.")
    var expression: String

    @Option(help: "IANA time zone the expression is read in (default UTC).")
    var timezone: String?

    @Option(help: "Start after this instant, ISO-8601 (default now).")
    var from: String?

    @Option(help: "How many runs to print.")
    var next = 5

    func validate() throws {
        guard (1...10_000).contains(self.next) else { throw ValidationError("--next must be between 1 and 10000") }
        if let from, ISO8601DateFormatter().date(from: from) == nil {
            throw ValidationError("--from \(from) is not an ISO-8601 instant; write it like 2026-11-22T03:00:00Z")
        }
    }

    func run() throws {
        let schedule: Schedule
        do {
            schedule = try Schedule.parse(self.expression, timeZone: self.timezone)
        } catch {
            let caret = String(repeating: " ", count: max(0, error.column - 1)) + "^"
            throw CommandFailure.fail("\(error.message)\n  \(self.expression)\n  \(caret)\n  hint: \(error.hint)")
        }
        let start = self.from.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date()
        let utc = ISO8601DateFormatter()
        let local = ISO8601DateFormatter()
        local.timeZone = schedule.timeZone
        let runs = schedule.next(self.next, after: start)
        if runs.isEmpty {
            throw CommandFailure.fail("\"\(self.expression)\" never matches a date in the next 29 years (is the day valid for the month?)")
        }
        for run in runs { print("\(utc.string(from: run)) \(local.string(from: run))") }
    }
}
