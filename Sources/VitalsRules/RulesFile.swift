/// One file `vitals rules` writes, relative to `--out`.
package struct RulesFile: Sendable, Hashable {
    package var path: String
    package var contents: String

    package init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
