/// Durations as people write them in configuration and on the command line: `250ms`, `30s`, `5m`,
/// `1h30m`, `2d`. A bare number is seconds.
package enum DurationText {
    /// Parses `text`, or returns `nil` when it is not a duration. Negative durations are rejected.
    package static func parse(_ text: String) -> Duration? {
        let text = text.trimmingSpaces
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return .milliseconds(Int64((seconds * 1000).rounded())) }
        var total = Duration.zero
        var number = ""
        var unit = ""
        var parsedAny = false
        func flush() -> Bool {
            guard let value = Double(number), value >= 0, let scale = self.units[unit] else { return false }
            total += .milliseconds(Int64((value * scale).rounded()))
            number = ""
            unit = ""
            parsedAny = true
            return true
        }
        for character in text {
            if character.isNumber || character == "." {
                if !unit.isEmpty, !flush() { return nil }
                number.append(character)
            } else if character.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(character)
            } else {
                return nil
            }
        }
        guard !number.isEmpty, flush(), parsedAny else { return nil }
        return total
    }

    /// Milliseconds per unit.
    static let units: [String: Double] = ["ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000]
}

extension DurationText {
    /// Writes `duration` the way people write it: `250ms`, `30s`, `1h30m`, `2d`.
    package static func format(_ duration: Duration) -> String {
        var milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "0s" }
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
