/// The kinds of files the audit reads, by name and extension.
package enum Language: String, Sendable, CaseIterable {
    case swift, python, javascript, go, dockerfile, yaml

    /// The language of a file, or nil for files the audit does not read.
    package static func of(path: String) -> Language? {
        // Called for every file in the tree: slices, not splits.
        let name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
        // `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `worker.dockerfile`: every spelling projects use.
        let lowered = name.lowercased()
        if lowered == "dockerfile" || lowered.hasPrefix("dockerfile.") || lowered.hasSuffix(".dockerfile") { return .dockerfile }
        // A minified bundle is someone else's code, built for a browser: not the service's logging.
        if [".min.js", ".min.mjs", ".min.cjs"].contains(where: lowered.hasSuffix) { return nil }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
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
