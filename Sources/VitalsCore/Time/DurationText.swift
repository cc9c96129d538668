import VitalsBase

/// Durations as people write them in configuration and on the command line: `250ms`, `30s`, `5m`,
/// `1h30m`, `2d`. A bare number is seconds.
package enum DurationText {
    /// Parses `text`, or returns `nil` when it is not a duration. Negative durations, and durations longer
    /// than ``Bounds/longestDuration``, are rejected.
    package static func parse(_ text: String) -> Duration? {
        guard let milliseconds = self.milliseconds(text), milliseconds <= Bounds.longestDuration.inSeconds * 1000 else { return nil }
        return .milliseconds(Int64(milliseconds.rounded()))
    }

    /// Whether `text` is written as a duration but longer than ``Bounds/longestDuration``.
    package static func isTooLong(_ text: String) -> Bool {
        self.milliseconds(text).map { $0 > Bounds.longestDuration.inSeconds * 1000 } ?? false
    }

    /// The milliseconds `text` says, however many; nil when it is not a duration.
    private static func milliseconds(_ text: String) -> Double? {
        let text = text.trimmingSpaces
        if let seconds = Double(text) { return seconds >= 0 && seconds.isFinite ? seconds * 1000 : nil }
        var milliseconds = 0.0
        var number = ""
        var unit = ""
        func flush() -> Bool {
            guard let value = Double(number), value >= 0, let scale = self.units[unit] else { return false }
            milliseconds += value * scale
            number = ""
            unit = ""
            return true
        }
        for character in text {
            if character.isASCII && (character.isNumber || character == ".") {
                if !unit.isEmpty, !flush() { return nil }
                number.append(character)
            } else if character.isASCII && character.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(character)
            } else {
                return nil
            }
        }
        guard !number.isEmpty, flush(), milliseconds.isFinite else { return nil }
        return milliseconds
    }

    /// Milliseconds per unit.
    static let units: [String: Double] = ["ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000]
}

extension DurationText {
    /// Writes `duration` the way people write it: `250ms`, `30s`, `1h30m`, `2d`.
    package static func format(_ duration: Duration) -> String {
        var milliseconds = duration.inMilliseconds
        if milliseconds == 0 { return "0s" }
        if milliseconds < 0 { return "-" + self.format(.milliseconds(-max(milliseconds, -Int64.max))) }
        if milliseconds % 1000 != 0, milliseconds < 60_000 {
            return milliseconds % 1000 == milliseconds ? "\(milliseconds)ms" : "\(Double(milliseconds) / 1000)s"
        }
        var text = ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where milliseconds >= size {
            text += "\(milliseconds / size)\(unit)"
            milliseconds %= size
        }
        return text
    }
}
