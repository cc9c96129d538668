extension Duration {
    /// The duration in seconds, as metrics, logs and date arithmetic use it.
    package var inSeconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }

    /// The duration in whole milliseconds, saturating at `Int64`'s limits rather than trapping.
    package var inMilliseconds: Int64 {
        let (milliseconds, overflow) = self.components.seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return self.components.seconds < 0 ? .min : .max }
        return milliseconds.addingReportingOverflow(self.components.attoseconds / 1_000_000_000_000_000).partialValue
    }

    /// `seconds` as a duration, or nil when it is not finite. Values beyond a million years are clamped to it:
    /// Swift's own conversion traps where this one cannot.
    package init?(finiteSeconds seconds: Double) {
        guard seconds.isFinite else { return nil }
        let bound = 31_557_600_000_000.0  // a million years
        let clamped = min(max(seconds, -bound), bound)
        let whole = clamped.rounded(.towardZero)
        self = .seconds(Int64(whole)) + .nanoseconds(Int64(((clamped - whole) * 1e9).rounded()))
    }
}

extension Int64 {
    /// `value` rounded to the nearest whole number and clamped to `Int64`'s range; nil for NaN. The one
    /// conversion from an outside `Double` to an integer: `Int64(someDouble)` traps on NaN, infinity and
    /// overflow.
    package init?(rounding value: Double) {
        guard !value.isNaN else { return nil }
        let rounded = value.rounded()
        // 2^63 is the first Double past Int64.max.
        if rounded >= 9_223_372_036_854_775_808.0 {
            self = .max
        } else if rounded < -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int64(rounded)
        }
    }
}
