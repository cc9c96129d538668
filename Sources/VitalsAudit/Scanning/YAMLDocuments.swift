import Foundation

/// The documents of a YAML file, found by their `---` lines, with what their top-level keys say they
/// are: read line starts only, so a file of CustomResourceDefinitions is passed over at memory speed
/// instead of being parsed (which ran at 4 MB/s).
struct YAMLDocuments {
    struct Document {
        /// Byte range in the file.
        var range: Range<Int>
        /// Lines before the document's first.
        var lineOffset: Int
        /// The top-level `kind:`, if any.
        var kind: String?
        /// Has a top-level `groups:` (Prometheus rules) or `route:` (Alertmanager).
        var hasRulesOrRoute: Bool
        /// Has a top-level `services:`: a Compose file, whose healthchecks name URLs.
        var hasServices = false

        func isRelevant(kinds: Set<String>) -> Bool { self.hasRulesOrRoute || self.kind.map(kinds.contains) == true }

        func text(of source: SourceText) -> String { String(decoding: source.bytes[self.range], as: UTF8.self) }
    }

    static func split(_ source: SourceText) -> [Document] {
        let bytes = source.bytes
        var documents: [Document] = []
        var current = Document(range: 0..<0, lineOffset: 0, kind: nil, hasRulesOrRoute: false)
        for (index, start) in source.lineStarts.enumerated() where start < bytes.count {
            // Top-level keys start at column 0 with a letter; everything else is skipped at one byte.
            let first = bytes[start]
            if first == UInt8(ascii: "-"), Self.has(bytes, at: start, "---") {
                current.range = current.range.lowerBound..<start
                documents.append(current)
                current = Document(range: start..<start, lineOffset: index, kind: nil, hasRulesOrRoute: false)
            } else if first == UInt8(ascii: "k"), Self.has(bytes, at: start, "kind:") {
                current.kind = Self.value(bytes, from: start + 5)
            } else if first == UInt8(ascii: "g") && Self.has(bytes, at: start, "groups:")
                || first == UInt8(ascii: "r") && Self.has(bytes, at: start, "route:")
            {
                current.hasRulesOrRoute = true
            } else if first == UInt8(ascii: "s"), Self.has(bytes, at: start, "services:") {
                current.hasServices = true
            }
        }
        current.range = current.range.lowerBound..<bytes.count
        documents.append(current)
        return documents
    }

    private static func has(_ bytes: [UInt8], at start: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        return (0..<count).allSatisfy { bytes[start + $0] == text.utf8Start[$0] }
    }

    /// The scalar after `kind:` on its line, unquoted.
    private static func value(_ bytes: [UInt8], from start: Int) -> String {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != UInt8(ascii: "#") { end += 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\"'"))
    }
}
