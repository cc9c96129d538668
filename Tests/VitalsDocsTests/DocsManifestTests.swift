import Foundation
import Testing
import VitalsProcess
import VitalsTestSupport

/// The `Package.swift` manifests the docs show, resolved for real against this checkout: a service that
/// depends on the library with its framework's trait resolves the library's dependencies and its framework,
/// never the watcher's packages nor the other framework.
@Suite(.timeLimit(.minutes(10))) struct DocsManifestTests {
    /// Packages only the watcher, the audit or the demo need.
    static let watcherOnly = ["grdb.swift", "yams", "postgres-nio", "swift-argument-parser", "swift-subprocess"]

    /// The first full manifest in `doc`, pointed at this checkout instead of the published URL.
    static func manifest(in doc: String, root: URL) throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent(doc), encoding: .utf8)
        let start = try #require(text.range(of: "```swift\n// swift-tools-version"), "\(doc) shows a whole Package.swift")
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        let manifest = String(text[text.index(start.lowerBound, offsetBy: "```swift\n".count)..<end.lowerBound])
        let prefix = try #require(manifest.range(of: #".package(url: "https://github.com/<owner>/vitals", from: ""#))
        let version = try #require(manifest.range(of: #"", "#, range: prefix.upperBound..<manifest.endIndex))
        // A path dependency is known by its folder's name, whatever the checkout is called.
        return manifest.replacingCharacters(in: prefix.lowerBound..<version.upperBound, with: ".package(path: \"\(root.path)\", ")
            .replacingOccurrences(of: "package: \"vitals\"", with: "package: \"\(root.lastPathComponent.lowercased())\"")
    }

    static var swift: String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/swift" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Resolves `manifest` in a fresh folder and returns the identities of what it resolved.
    static func resolved(_ manifest: String) async throws -> Set<String> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vitals-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Sources/OrdersAPI"), withIntermediateDirectories: true)
        try manifest.write(to: folder.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try "print(\"orders\")\n".write(to: folder.appendingPathComponent("Sources/OrdersAPI/main.swift"), atomically: true, encoding: .utf8)
        let swift = try #require(Self.swift, "swift is on PATH")
        var child = ChildProcess(swift, ["package", "--package-path", folder.path, "resolve"])
        child.timeout = .seconds(480)
        let result = try await child.run()
        #expect(result.status == 0, "swift package resolve: \(result.output.suffix(2000))\(result.errors.suffix(2000))")
        let pins = try Data(contentsOf: folder.appendingPathComponent("Package.resolved"))
        let json = try #require(try JSONSerialization.jsonObject(with: pins) as? [String: Any])
        let identities = (json["pins"] as? [[String: Any]] ?? []).compactMap { $0["identity"] as? String }
        return Set(identities)
    }

    @Test(arguments: [("docs/library.md", "hummingbird", "vapor"), ("docs/vapor.md", "vapor", "hummingbird")])
    func aServiceResolvesTheLibraryAndItsFrameworkOnly(doc: String, framework: String, other: String) async throws {
        let root = DocSnippetTests.root
        let resolved = try await Self.resolved(try Self.manifest(in: doc, root: root))
        #expect(resolved.contains(framework), "\(doc): \(resolved.sorted())")
        #expect(resolved.contains("swift-otel"), "the library's own dependencies are there")
        #expect(!resolved.contains(other), "\(doc) resolves \(other): \(resolved.sorted())")
        for package in Self.watcherOnly {
            #expect(!resolved.contains(package), "\(doc) resolves the watcher's \(package): \(resolved.sorted())")
        }
    }
}
