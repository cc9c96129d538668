import Foundation

/// What `package.json` files say about the code beside them.
enum PackageManifests {
    /// The files `bin` names as command-line programs (`"bin": "cli.js"` or `{"name": "cli.js"}`),
    /// relative to the audited root. A manifest that cannot be read or parsed names none.
    static func programs(among files: [String], root: String) -> Set<String> {
        var programs = Set<String>()
        for file in files where file == "package.json" || file.hasSuffix("/package.json") {
            guard let bytes = SourceTree.contents(of: SourceTree.join(root, file), limit: 1 << 20),
                let manifest = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            else { continue }
            let directory = file.hasSuffix("/package.json") ? String(file.dropLast("/package.json".count)) : ""
            let named: [String] =
                switch manifest["bin"] {
                case let path as String: [path]
                case let paths as [String: Any]: paths.values.compactMap { $0 as? String }
                default: []
                }
            for path in named {
                let relative = path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
                programs.insert(SourceTree.join(directory, relative))
            }
        }
        return programs
    }
}
