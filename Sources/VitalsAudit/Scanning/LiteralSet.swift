/// Many lower-case literals found in one pass over a text. At each byte, a 15-bit key made of the byte
/// and the next two (rolled along, one shift and one xor a byte) picks the literals that could start
/// there: most keys pick none, which a 4 KB bit set answers; only the few that do are compared. One pass for every rule, instead of one search per
/// rule, and three bytes rather than two so that common pairs (`re`, `co`, `.s`) do not send every
/// occurrence to a comparison.
struct LiteralSet: Sendable {
    /// A literal and what must come before it.
    struct Literal: Sendable {
        var bytes: [UInt8]
        var boundary: Needle.Boundary
        /// Who is told about a hit: an index into the catalog's matchers.
        var owner: Int
    }

    let literals: [Literal]
    /// One bit per key that starts some literal.
    private let starts: [UInt64]
    /// For each key, `ids[offsets[key]..<offsets[key + 1]]` are its literals.
    private let offsets: [Int32]
    private let ids: [Int32]
    /// Every literal's bytes, one after another: `bytes[ends[id - 1]..<ends[id]]`, read without retaining arrays.
    private let bytes: [UInt8]
    private let ends: [Int32]

    init(_ literals: [Literal]) {
        precondition(literals.allSatisfy { $0.bytes.count >= 3 }, "literals are at least three bytes")
        self.literals = literals
        // Counting sort of literal ids by key: offsets[key]..<offsets[key + 1].
        var starts = [UInt64](repeating: 0, count: Self.keys / 64)
        var offsets = [Int32](repeating: 0, count: Self.keys + 1)
        let keys = literals.map { Self.key($0.bytes[0], $0.bytes[1], $0.bytes[2]) }
        for key in keys {
            starts[key >> 6] |= 1 << UInt64(key & 63)
            offsets[key + 1] += 1
        }
        for key in 0..<Self.keys { offsets[key + 1] += offsets[key] }
        var ids = [Int32](repeating: 0, count: literals.count)
        var filled = offsets
        for (id, key) in keys.enumerated() {
            ids[Int(filled[key])] = Int32(id)
            filled[key] += 1
        }
        self.starts = starts
        self.offsets = offsets
        self.ids = ids
        self.bytes = literals.flatMap(\.bytes)
        var end: Int32 = 0
        self.ends = literals.map {
            end += Int32($0.bytes.count)
            return end
        }
    }

    private static let keys = 1 << 15

    /// The rolling key of three bytes: `roll(roll(roll(0, first), second), third)`.
    private static func key(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        Self.roll(Self.roll(Self.roll(0, first), second), third)
    }

    /// Shifts the oldest byte out (its bits above the 15th fall off) and the next one in.
    @inline(__always) private static func roll(_ key: Int, _ byte: UInt8) -> Int {
        (key << 5 ^ Int(byte)) & (Self.keys - 1)
    }

    /// Appends to `hits` each literal found in `text` (already lower case) with its offset, in order.
    func scan(_ text: [UInt8], into hits: inout [(literal: Int, offset: Int)]) {
        guard text.count >= 3 else { return }
        text.withUnsafeBufferPointer { text in
            self.starts.withUnsafeBufferPointer { starts in
                // The hot loop only rolls the key and tests its bit; comparing is out of line, so the
                // loop keeps its few variables in registers.
                var key = Self.roll(Self.roll(0, text[0]), text[1])
                for index in 0..<(text.count - 2) {
                    key = Self.roll(key, text[index + 2])
                    if starts[key >> 6] & (1 << UInt64(key & 63)) != 0 { self.compare(key: key, in: text, at: index, into: &hits) }
                }
            }
        }
    }

    /// The literals of `key` that really start at `index`.
    @inline(never)
    private func compare(key: Int, in text: UnsafeBufferPointer<UInt8>, at index: Int, into hits: inout [(literal: Int, offset: Int)]) {
        for slot in Int(self.offsets[key])..<Int(self.offsets[key + 1]) {
            let id = Int(self.ids[slot])
            let start = id == 0 ? 0 : Int(self.ends[id - 1])
            let length = Int(self.ends[id]) - start
            guard index + length <= text.count else { continue }
            let equal = self.bytes.withUnsafeBufferPointer { bytes in
                (0..<length).allSatisfy { text[index + $0] == bytes[start + $0] }
            }
            if equal, self.boundaryHolds(self.literals[id].boundary, in: text, at: index) { hits.append((id, index)) }
        }
    }

    private func boundaryHolds(_ boundary: Needle.Boundary, in text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index > 0 else { return true }
        let before = text[index - 1]
        switch boundary {
        case .none: return true
        case .word: return !Needle.isWord(before)
        case .identifier: return !Needle.isWord(before) && before != UInt8(ascii: ".")
        }
    }
}
