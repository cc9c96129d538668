/// One problem in a `vitals.yml`: where it is (file, line, column, key path), what is wrong, what to do.
///
/// Printed as `vitals.yml:12:15: workloads.nightly-report.schedule: minute 61 is out of range 0-59 (hint: …)`.
public struct SpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of problem, e.g. `unknown_key`, `bad_duration`.
    public var code: String
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var hint: String
    /// The file as the user named it.
    public var file: String
    /// 1-based line and column.
    public var line: Int
    /// 1-based.
    public var column: Int
    /// Dotted path of the offending key, e.g. `workloads.nightly-report.schedule`.
    public var keyPath: String

    /// An error at `file:line:column`, under `keyPath`.
    public init(code: String, message: String, hint: String, file: String, line: Int, column: Int, keyPath: String) {
        self.code = code
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }

    /// `file:line:column: key.path: message (hint: …)`.
    public var description: String {
        let path = self.keyPath.isEmpty ? "" : "\(self.keyPath): "
        return "\(self.file):\(self.line):\(self.column): \(path)\(self.message) (hint: \(self.hint))"
    }
}

/// Every problem found in one spec: loading reports them all at once, so nothing starts half-configured.
public struct SpecErrors: Error, Sendable, CustomStringConvertible {
    /// In file order.
    public var errors: [SpecError]

    /// Every problem found, in file order.
    public init(_ errors: [SpecError]) { self.errors = errors }

    /// One problem per line.
    public var description: String { self.errors.map(\.description).joined(separator: "\n") }
}
