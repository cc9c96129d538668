/// The JSONPath subset synthetic checks use: `$`, `.name`, `['name']` or `["name"]`, and `[index]`
/// (negative counts from the end), e.g. `$.items[0].id`. Filters, wildcards and recursion are left out:
/// a check names one value.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: a member name or an array index (negative from the end).
    public enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps after `$`.
    public let steps: [Step]
    /// As written.
    public let description: String

    /// Why a path was refused and at which character (1-based).
    public struct ParseError: Error, Sendable, Equatable {
        /// What is wrong.
        public let message: String
        /// 1-based, in the path as written.
        public let column: Int
        /// An error at `column`.
        public init(message: String, column: Int) {
            self.message = message
            self.column = column
        }
    }

    /// Reads `$`, `.name`, `['name']`, `[n]` and `[-n]`.
    public init(parsing text: String) throws(ParseError) {
        let characters = Array(text)
        guard characters.first == "$" else { throw ParseError(message: "a JSONPath starts with $", column: 1) }
        var steps: [Step] = []
        var position = 1
        while position < characters.count {
            switch characters[position] {
            case ".":
                let start = position + 1
                var end = start
                while end < characters.count, characters[end] != ".", characters[end] != "[" { end += 1 }
                guard end > start else { throw ParseError(message: "a name is missing after \".\"", column: start + 1) }
                steps.append(.key(String(characters[start..<end])))
                position = end
            case "[":
                guard let close = characters[position...].firstIndex(of: "]") else {
                    throw ParseError(message: "\"[\" is not closed", column: position + 1)
                }
                let inside = String(characters[(position + 1)..<close])
                if let quote = inside.first, quote == "'" || quote == "\"", inside.count >= 2, inside.last == quote {
                    steps.append(.key(String(inside.dropFirst().dropLast())))
                } else if let index = Int(inside) {
                    steps.append(.index(index))
                } else {
                    throw ParseError(
                        message: "\"[\(inside)]\" is neither an index nor a quoted name (filters and wildcards are not supported)",
                        column: position + 1
                    )
                }
                position = close + 1
            default:
                throw ParseError(message: "unexpected \"\(characters[position])\"; write .name, ['name'] or [0]", column: position + 1)
            }
        }
        self.steps = steps
        self.description = text
    }

    /// The value at this path in a document decoded by `JSONSerialization`, or nil when absent.
    public func select(in document: Any) -> Any? {
        var current: Any = document
        for step in self.steps {
            switch step {
            case .key(let name):
                guard let object = current as? [String: Any], let next = object[name] else { return nil }
                current = next
            case .index(let index):
                guard let array = current as? [Any] else { return nil }
                let position = index < 0 ? array.count + index : index
                guard array.indices.contains(position) else { return nil }
                current = array[position]
            }
        }
        return current
    }
}
