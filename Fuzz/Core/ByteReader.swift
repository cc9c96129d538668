/// Reads fuzz input as the values a harness needs; past the end every read is zero, so any input is complete.
package struct ByteReader {
    private let bytes: [UInt8]
    private var index = 0

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    package var isAtEnd: Bool { self.index >= self.bytes.count }

    package mutating func byte() -> UInt8 {
        defer { self.index += 1 }
        return self.index < self.bytes.count ? self.bytes[self.index] : 0
    }

    /// 0 ..< `limit`.
    package mutating func int(_ limit: Int) -> Int { limit <= 1 ? 0 : Int(self.byte()) % limit }

    package mutating func bool() -> Bool { self.byte() & 1 == 1 }

    /// A number a hostile or broken target could send: mostly ordinary, often one of the edges (NaN, ±Inf,
    /// ±0, 1e300, the largest Int, a negative), sometimes any bit pattern.
    package mutating func double() -> Double {
        switch self.byte() % 16 {
        case 0: return .nan
        case 1: return .infinity
        case 2: return -.infinity
        case 3: return 1e300
        case 4: return -1
        case 5: return 9_223_372_036_854_775_807
        case 6: return -0.0
        case 7:
            var bits: UInt64 = 0
            for _ in 0..<8 { bits = bits << 8 | UInt64(self.byte()) }
            return Double(bitPattern: bits)
        default: return Double(self.byte()) * Double(1 + self.int(1000))
        }
    }

    /// A short label value, markup and quotes included.
    package mutating func text() -> String {
        let alphabet = Array("ab<>&\"'/\\ \n{}=x1é")
        return String((0..<self.int(8)).map { _ in alphabet[self.int(alphabet.count)] })
    }
}
