import Foundation

/// Reads one field of a calendar expression — `*`, `5`, `1-5` (cron) or `1..5` (OnCalendar), lists with
/// `,`, steps with `/`, names such as `MON` or `jan` — into the values it names.
struct FieldParser {
    /// What the field is called in messages, e.g. `day of month`.
    let name: String
    let range: ClosedRange<Int>
    /// Lowercased names to numbers, e.g. `["jan": 1, …]`.
    let names: [String: Int]
    /// `-` for cron, `..` for OnCalendar.
    let rangeSeparator: String
    /// Where the field starts in the whole expression, for error columns.
    let column: Int

    /// The values `text` names, as a bit set; for fields whose values fit in 0...63.
    func parse(_ text: Substring) throws(ScheduleError) -> UInt64 {
        precondition(self.range.upperBound < 64, "\(self.name) does not fit a bit set; use values(_:)")
        return try self.values(text).reduce(0) { $0 | 1 << UInt64($1) }
    }

    /// The values `text` names, for any field (years included).
    func values(_ text: Substring) throws(ScheduleError) -> Set<Int> {
        var values = Set<Int>()
        var offset = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            values.formUnion(try self.item(item, column: self.column + offset))
            offset += item.count + 1
        }
        return values
    }

    private func item(_ item: Substring, column: Int) throws(ScheduleError) -> StrideThrough<Int> {
        guard !item.isEmpty else {
            throw ScheduleError("empty item in \(self.name)", hint: "remove the extra comma", column: column)
        }
        var body = item
        var step = 1
        if let slash = item.firstIndex(of: "/") {
            body = item[..<slash]
            let stepText = item[item.index(after: slash)...]
            guard let parsed = Int(stepText), parsed > 0 else {
                throw ScheduleError("step \"\(stepText)\" in \(self.name) is not a positive number", hint: "write a step like */5", column: column)
            }
            step = parsed
        }
        let bounds: ClosedRange<Int>
        if body == "*" {
            bounds = self.range
        } else if let separator = body.range(of: self.rangeSeparator) {
            let low = try self.value(body[..<separator.lowerBound], column: column)
            let high = try self.value(body[separator.upperBound...], column: column)
            guard low <= high else {
                throw ScheduleError(
                    "range \(body) in \(self.name) runs backwards",
                    hint: "write the smaller value first, e.g. \(high)\(self.rangeSeparator)\(low)",
                    column: column
                )
            }
            bounds = low...high
        } else {
            let start = try self.value(body, column: column)
            // `5/15` means every 15 from 5 to the end of the field (Vixie cron, systemd).
            bounds = start...(item.contains("/") ? self.range.upperBound : start)
        }
        return stride(from: bounds.lowerBound, through: bounds.upperBound, by: step)
    }

    private func value(_ text: Substring, column: Int) throws(ScheduleError) -> Int {
        if let number = Int(text) {
            guard self.range.contains(number) else {
                throw ScheduleError(
                    "\(self.name) \(number) is out of range \(self.range.lowerBound)-\(self.range.upperBound)",
                    hint: "use a value from \(self.range.lowerBound) to \(self.range.upperBound)",
                    column: column
                )
            }
            return number
        }
        if let named = self.names[text.lowercased()] { return named }
        let known = self.names.isEmpty ? "" : " or a name such as \(self.names.sorted { $0.value < $1.value }.first!.key.uppercased())"
        throw ScheduleError(
            "\"\(text)\" is not a valid \(self.name)",
            hint: "use a number from \(self.range.lowerBound) to \(self.range.upperBound)\(known)",
            column: column
        )
    }
}

extension FieldParser {
    static let monthNames = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    static let weekdayNames = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
}
