#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers in expositions, read straight from bytes: no String per sample on the hot path.
enum NumberParser {
    /// Exact powers of ten as doubles (10^0 … 10^22 are all representable).
    private static let powersOfTen: [Double] = (0...22).map { exponent in (0..<exponent).reduce(1.0) { value, _ in value * 10 } }

    /// The whole of `bytes` as a float: decimals with optional exponent, `NaN`, `±Inf`/`±Infinity` (any case), as Go's
    /// `ParseFloat` reads them for Prometheus. nil if any byte is left over.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty else { return nil }
        if let special = self.special(bytes) { return special }
        // Clinger's fast path: up to 15 significant digits and a power of ten up to 22 give an exactly
        // rounded result with one multiplication or division. Everything else goes to strtod.
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var exponent = 0
        var sawDot = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if mantissa != 0 || byte != 0x30 { significant += 1 }
                if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(byte - 0x30) } else if !sawDot { exponent += 1 }
                if sawDot && significant <= 19 { exponent -= 1 }
            } else if byte == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return self.slow(bytes) }
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return self.slow(bytes) }
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                if written < 100_000 { written = written * 10 + Int(bytes[index] - 0x30) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0, index == bytes.count else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard significant <= 15, abs(exponent) <= 22 else { return self.slow(bytes) }
        var value = Double(mantissa)
        value = exponent >= 0 ? value * Self.powersOfTen[exponent] : value / Self.powersOfTen[-exponent]
        return negative ? -value : value
    }

    /// A whole-token integer, e.g. a classic-format timestamp in milliseconds.
    static func int64(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    private static func special(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = 0
        var sign = 1.0
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            sign = bytes[0] == UInt8(ascii: "-") ? -1 : 1
            start = 1
        }
        let count = bytes.count - start
        guard count == 3 || count == 8 else { return nil }
        func lower(_ offset: Int) -> UInt8 { bytes[start + offset] | 0x20 }
        if count == 3, lower(0) == UInt8(ascii: "n"), lower(1) == UInt8(ascii: "a"), lower(2) == UInt8(ascii: "n") { return .nan }
        if lower(0) == UInt8(ascii: "i"), lower(1) == UInt8(ascii: "n"), lower(2) == UInt8(ascii: "f") {
            if count == 3 { return sign * .infinity }
            let rest = Array("inity".utf8)
            if (0..<5).allSatisfy({ lower(3 + $0) == rest[$0] }) { return sign * .infinity }
        }
        return nil
    }

    /// strtod on a NUL-terminated copy; accepted only if it consumes every byte.
    private static func slow(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count < 256 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for index in 0..<bytes.count {
                // strtod would stop at these anyway; refusing them keeps "0x1p3" and "1_0" out, as Prometheus does.
                let byte = bytes[index]
                guard
                    (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                else { return nil }
                buffer[index] = CChar(bitPattern: byte)
            }
            buffer[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end - buffer.baseAddress! == bytes.count else { return nil }
            return value
        }
    }
}
