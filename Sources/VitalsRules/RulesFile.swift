/// One file `vitals rules` writes, relative to `--out`.
public struct RulesFile: Sendable, Hashable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
