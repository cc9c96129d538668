public import Foundation
import VitalsBase

/// When a scheduled job is expected to run: a cron expression, `every <duration>`, or a systemd
/// `OnCalendar` expression, evaluated in an IANA time zone (UTC by default).
///
/// Computed in local time, returned as instants. Across daylight-saving changes:
/// - a local time that does not exist (spring forward) fires at the first instant after the gap;
/// - a local time that happens twice (fall back) fires once, at its first occurrence. For a watcher
///   this is the safe side: expecting a run that cron may skip would raise a false alarm.
///
/// ```swift
/// let nightly = try Schedule.parse("0 3 * * *", timeZone: "Europe/Berlin")
/// let next = nightly.next(after: Date())
/// ```
public struct Schedule: Sendable, Hashable, CustomStringConvertible {
    private enum Backing: Hashable, Sendable {
        case calendar(CalendarPattern)
        case every(Duration)
    }

    private let backing: Backing
    /// The zone local times are read in.
    public let timeZone: TimeZone
    /// The expression as written.
    public let expression: String

    /// Reads `expression`, deciding its kind by shape: `every …`, a cron expression (five fields or an
    /// `@` macro), otherwise a systemd calendar event.
    /// - Parameter timeZone: an IANA name such as `Europe/Berlin`; default UTC. A zone named at the end
    ///   of an OnCalendar expression takes precedence.
    public static func parse(_ expression: String, timeZone: String? = nil) throws(ScheduleError) -> Schedule {
        var zone = TimeZone(identifier: "UTC")!
        if let timeZone {
            guard let named = TimeZone(identifier: timeZone) else {
                throw ScheduleError(
                    "unknown time zone \"\(timeZone)\"",
                    hint: "use an IANA name such as Europe/Berlin or America/New_York"
                )
            }
            zone = named
        }
        let trimmed = expression.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw ScheduleError("the schedule is empty", hint: "write a cron expression such as \"0 3 * * *\", \"every 1h\" or \"daily\"")
        }
        if trimmed.lowercased().hasPrefix("every ") {
            let text = trimmed.dropFirst("every ".count)
            guard let period = DurationText.parse(String(text)), period >= .seconds(1) else {
                throw ScheduleError("\"\(text)\" is not a period of at least 1s", hint: "write it like \"every 15m\" or \"every 1h30m\"", column: 7)
            }
            return Schedule(backing: .every(period), timeZone: zone, expression: expression)
        }
        if Self.looksLikeCron(trimmed) {
            return Schedule(backing: .calendar(try CronParser.parse(trimmed)), timeZone: zone, expression: expression)
        }
        let (pattern, named) = try OnCalendarParser.parse(trimmed)
        return Schedule(backing: .calendar(pattern), timeZone: named ?? zone, expression: expression)
    }

    /// Daily: a stand-in while a spec with an unreadable schedule is still checked for other problems.
    static let placeholder = Schedule(backing: .every(.seconds(86_400)), timeZone: TimeZone(identifier: "UTC")!, expression: "every 1d")

    private init(backing: Backing, timeZone: TimeZone, expression: String) {
        self.backing = backing
        self.timeZone = timeZone
        self.expression = expression
    }

    /// Cron if it starts with `@`, or has three or more fields of cron characters and neither `:` nor `..`
    /// (an OnCalendar expression always has a time, a `Y-M-D` date token or a name). A cron expression
    /// with the wrong number of fields is still read as cron, so its error speaks of fields.
    private static func looksLikeCron(_ text: String) -> Bool {
        if text.hasPrefix("@") { return CronParser.macros[text.lowercased()] != nil || text == "@reboot" || !text.contains(" ") }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return fields.count >= 3 && !text.contains(":") && !text.contains("..")
            && fields.allSatisfy { $0.allSatisfy { $0.isNumber || $0.isLetter || "*,-/".contains($0) } }
    }

    /// The first expected run strictly after `date`; for `every`, `date` plus the period.
    /// `nil` when the expression can never match (such as 30 February) within 29 years.
    public func next(after date: Date) -> Date? {
        switch self.backing {
        case .every(let period):
            return date.addingTimeInterval(period.inSeconds)
        case .calendar(let pattern):
            let after = Int64(date.timeIntervalSince1970.rounded(.down))
            return pattern.next(after: after, in: self.timeZone).map { Date(timeIntervalSince1970: Double($0)) }
        }
    }

    /// The next `count` expected runs after `date`.
    public func next(_ count: Int, after date: Date) -> [Date] {
        var runs: [Date] = []
        var cursor = date
        while runs.count < count, let run = self.next(after: cursor) {
            runs.append(run)
            cursor = run
        }
        return runs
    }

    /// The fixed period of an `every` schedule; `nil` for calendar schedules.
    public var period: Duration? {
        if case .every(let period) = self.backing { return period }
        return nil
    }

    /// The expression and its time zone.
    public var description: String { "\(self.expression) (\(self.timeZone.identifier))" }
}
