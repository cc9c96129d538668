/// The kinds of files the audit reads, by name and extension.
public enum Language: String, Sendable, CaseIterable {
    case swift, python, javascript, go, dockerfile, yaml

    /// The language of a file, or nil for files the audit does not read.
    public static func of(path: String) -> Language? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name == "Dockerfile" || name.hasPrefix("Dockerfile.") || name.hasSuffix(".dockerfile") { return .dockerfile }
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "swift": return .swift
        case "py": return .python
        case "js", "mjs", "cjs", "ts", "tsx", "jsx": return .javascript
        case "go": return .go
        case "yml", "yaml": return .yaml
        default: return nil
        }
    }

    /// Line comments start with `#` (Python, Dockerfile, YAML) or `//` (the C family).
    var hashComments: Bool { self == .python || self == .dockerfile || self == .yaml }
}
