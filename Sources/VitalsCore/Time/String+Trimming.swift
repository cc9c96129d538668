extension String {
    /// Without leading and trailing spaces and tabs, the only blanks expressions and durations allow.
    var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
