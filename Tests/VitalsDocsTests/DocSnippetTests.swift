import Foundation
import Testing

/// Every Swift block in README.md and docs/ is code the build compiles: it must be, line for line, a region
/// between `// snippet` and `// end snippet` in a file under Sources/VitalsSnippets/ (the VitalsSnippets target), and the
/// imports it shows must be that file's. A doc change that is not made there, or a snippet that
/// stops compiling, fails the tests.
@Suite struct DocSnippetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Block: CustomStringConvertible {
        let file: String
        let line: Int
        let imports: Set<String>
        let body: [String]
        var description: String { "\(self.file):\(self.line)" }
    }

    struct Region {
        let file: String
        let imports: Set<String>
        let body: [String]
    }

    /// The ```swift blocks of the README and docs/, but full Package.swift manifests (the footprint test builds those).
    static func blocks() throws -> [Block] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
        return try (["README.md"] + docs).flatMap { file -> [Block] in
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\n")
            var blocks: [Block] = []
            var open: (line: Int, lines: [String])?
            for (index, line) in lines.enumerated() {
                if open == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" {
                    open = (index + 1, [])
                } else if let block = open, line.trimmingCharacters(in: .whitespaces) == "```" {
                    open = nil
                    if block.lines.first?.hasPrefix("// swift-tools-version") == true { continue }
                    let imports = block.lines.filter { $0.hasPrefix("import ") }
                    let body = Self.trimmed(block.lines.filter { !$0.hasPrefix("import ") })
                    blocks.append(Block(file: file, line: block.line, imports: Set(imports), body: body))
                } else if open != nil {
                    open?.lines.append(line)
                }
            }
            return blocks
        }
    }

    /// The regions of Snippets/*.swift, dedented.
    static func regions() throws -> [Region] {
        let folder = root.appendingPathComponent("Sources/VitalsSnippets")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.flatMap { file -> [Region] in
            let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\n")
            let imports = Set(lines.filter { $0.hasPrefix("import ") })
            var regions: [Region] = []
            var open: [String]?
            for line in lines {
                switch line.trimmingCharacters(in: .whitespaces) {
                case "// snippet": open = []
                case "// end snippet":
                    if let body = open { regions.append(Region(file: "Sources/VitalsSnippets/\(file)", imports: imports, body: Self.dedented(body))) }
                    open = nil
                default: open?.append(line)
                }
            }
            return regions
        }
    }

    static func trimmed(_ lines: [String]) -> [String] {
        var lines = lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static func dedented(_ lines: [String]) -> [String] {
        let indent = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return Self.trimmed(lines.map { $0.count >= indent ? String($0.dropFirst(indent)) : $0.trimmingCharacters(in: .whitespaces) })
    }

    @Test func everySwiftBlockInTheDocsIsCompiledCode() throws {
        let regions = try Self.regions()
        let blocks = try Self.blocks()
        #expect(blocks.count >= 10, "the README and docs have Swift blocks to check: \(blocks.count)")
        for block in blocks {
            let region = regions.first { $0.body == block.body }
            #expect(
                region != nil,
                "\(block): this Swift block is not compiled code. Put it, as shown, between `// snippet` and `// end snippet` in a file under Sources/VitalsSnippets/ (the build compiles it), or make it match the snippet it was copied from."
            )
            if let region {
                let missing = block.imports.subtracting(region.imports)
                #expect(missing.isEmpty, "\(block): shows \(missing.sorted()) that \(region.file) does not import")
            }
        }
    }
}
