/// What a file is for, which decides the line rules that hold in it. Test code prints, fakes secrets
/// and builds odd metrics on purpose; a command-line program's printing is its output, not its logging;
/// browser code's console is a visitor's, not the service's log.
struct FileRole: OptionSet, Sendable {
    let rawValue: Int
    static let test = FileRole(rawValue: 1)
    static let commandLine = FileRole(rawValue: 2)
    static let browser = FileRole(rawValue: 4)

    /// What the catalog's marker pass saw in the file.
    struct Markers {
        /// Imports an argument parser (argparse, click, ArgumentParser, commander, …).
        var parsesArguments = false
        /// Starts a server: then it is a service whatever else it imports or wherever it lives.
        var serves = false
        /// Imports a browser framework or touches the DOM.
        var drawsPages = false
    }

    /// Directories whose programs are run by hand or by CI: their output is meant for a person.
    static let commandDirectories: Set<String> = [
        "Benchmarks", "benchmarks", "bench", "scripts", "script", "tools", "tooling", "examples", "example", "hack", "bin",
        "migrations", "Plugins",
    ]
    /// JavaScript under these directories is shipped to browsers.
    static let browserDirectories: Set<String> = ["frontend", "static", "public", "browser", "www", "webapp", "client"]

    /// The role of the file at `path` (relative to the audited root); `programs` are the files a
    /// `package.json` names as its command-line programs (`bin`).
    static func of(_ path: String, source: SourceText, markers: Markers, programs: Set<String>) -> FileRole {
        var role: FileRole = []
        let parts = path.split(separator: "/")
        let directories = parts.dropLast()
        let name = parts.last.map(String.init) ?? path
        if Self.isTest(directories: directories, name: name) { role.insert(.test) }
        if Self.isCommandLine(path, directories: directories, name: name, source: source, markers: markers, programs: programs) {
            role.insert(.commandLine)
        }
        if source.language == .javascript,
            markers.drawsPages || name.hasSuffix(".jsx") || name.hasSuffix(".tsx")
                || directories.contains(where: { Self.browserDirectories.contains(String($0)) })
        {
            role.insert(.browser)
        }
        return role
    }

    private static func isTest(directories: ArraySlice<Substring>, name: String) -> Bool {
        // `Dockerfile.debug`, `app.e2e.Dockerfile`, `Dockerfile.playwright`: images for tests and debugging.
        let lowered = name.lowercased()
        if lowered.contains("dockerfile"),
            lowered.split(separator: ".").contains(where: { ["test", "e2e", "debug", "playwright", "ci"].contains($0) })
        {
            return true
        }
        return directories.contains { ["Tests", "Test", "tests", "test", "__tests__", "spec", "e2e", "testdata", "fixtures"].contains($0) }
            || name.hasSuffix("_test.go") || (name.hasPrefix("test_") && name.hasSuffix(".py"))
            || [".test.js", ".spec.js", ".test.ts", ".spec.ts", ".test.tsx", ".spec.tsx"].contains { name.hasSuffix($0) }
    }

    /// A program run from a shell: by where it lives (a scripts or tools directory, a Django management
    /// command, a `package.json` `bin`, a container's HEALTHCHECK helper) whatever it does; by how it
    /// starts (a `#!` line, an argument parser, Go's `cmd/`) unless it also starts a server, which
    /// makes it a service that takes flags.
    private static func isCommandLine(
        _ path: String,
        directories: ArraySlice<Substring>,
        name: String,
        source: SourceText,
        markers: Markers,
        programs: Set<String>
    ) -> Bool {
        let stem = name.split(separator: ".").first.map { $0.lowercased() } ?? ""
        if programs.contains(path) || ["healthcheck", "health_check", "health-check"].contains(stem)
            || directories.contains(where: { Self.commandDirectories.contains(String($0)) || $0.hasSuffix("-scripts") || $0.hasSuffix(".scripts") })
            || zip(directories, directories.dropFirst()).contains(where: { $0 == "management" && $1 == "commands" })
        {
            return true
        }
        guard !markers.serves else { return false }
        let shebang = source.count > 2 && source.bytes[0] == UInt8(ascii: "#") && source.bytes[1] == UInt8(ascii: "!")
        return shebang || markers.parsesArguments || (source.language == .go && directories.contains("cmd"))
    }
}
