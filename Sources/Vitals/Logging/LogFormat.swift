/// How log lines are rendered.
public struct LogFormat: Sendable, Hashable, CustomStringConvertible {
    private enum Backing: String, Hashable { case json, console }
    private let backing: Backing

    /// One JSON object per line: for production and log pipelines.
    public static let json = LogFormat(backing: .json)
    /// Human-readable lines: for a developer's terminal.
    public static let console = LogFormat(backing: .console)

    /// Reads `json` or `console`; `nil` for anything else.
    public init?(_ name: String) {
        guard let backing = Backing(rawValue: name.lowercased()) else { return nil }
        self.backing = backing
    }

    private init(backing: Backing) { self.backing = backing }

    var isJSON: Bool { self.backing == .json }
    /// `json` or `console`.
    public var description: String { self.backing.rawValue }
}
