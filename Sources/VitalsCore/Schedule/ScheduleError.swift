/// Why a schedule expression cannot be read: what is wrong, where in the expression, and what to write instead.
public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `day of month 32 is out of range 1-31`.
    public var message: String
    /// What to write instead.
    public var hint: String
    /// 1-based column in the expression where the problem starts.
    public var column: Int

    /// An error at `column` of the expression.
    public init(_ message: String, hint: String, column: Int = 1) {
        self.message = message
        self.hint = hint
        self.column = column
    }

    /// `message (column C); hint`.
    public var description: String { "\(self.message) (column \(self.column)); \(self.hint)" }
}
