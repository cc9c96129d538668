import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends JSON tokens to a byte buffer; shared by the log handlers, the health responses and the audit report.
package struct JSONWriter {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 256) { self.bytes.reserveCapacity(capacity) }

    /// Appends `"value"` with every character JSON requires escaped; other Unicode passes through as UTF-8.
    package mutating func string(_ value: String) {
        self.bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Most strings need no escaping and are copied in one go.
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                self.bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 { self.escaped(byte) }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ byte: UInt8) {
        let escape: UInt8
        switch byte {
        case UInt8(ascii: "\""): escape = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
        case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
        case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
        case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
        case 0..<0x20:
            let hex: StaticString = "0123456789abcdef"
            self.bytes.append(UInt8(ascii: "\\"))
            self.bytes.append(UInt8(ascii: "u"))
            self.bytes.append(UInt8(ascii: "0"))
            self.bytes.append(UInt8(ascii: "0"))
            hex.withUTF8Buffer { hex in
                self.bytes.append(hex[Int(byte >> 4)])
                self.bytes.append(hex[Int(byte & 0xF)])
            }
            return
        default:
            self.bytes.append(byte)
            return
        }
        self.bytes.append(UInt8(ascii: "\\"))
        self.bytes.append(escape)
    }

    /// Appends `"key":`, preceded by a comma unless it opens the object.
    package mutating func key(_ key: String) {
        if let last = self.bytes.last, last != UInt8(ascii: "{") { self.bytes.append(UInt8(ascii: ",")) }
        self.string(key)
        self.bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `"key":"value"`, with a comma before it unless it opens the object.
    package mutating func field(_ key: String, _ value: String) {
        self.key(key)
        self.string(value)
    }

    package mutating func raw(_ text: String) { self.bytes.append(contentsOf: text.utf8) }

    /// Appends the current wall-clock time as ISO-8601 UTC with milliseconds, e.g. `"2026-11-22T04:06:46.123Z"`.
    ///
    /// Formatted by hand: Foundation's formatters allocate and lock on every call.
    package mutating func timestampNow() {
        // `Date` rather than `clock_gettime`: `timespec` is declared twice on Linux (Glibc and the stdlib's
        // shims), and with member import visibility a clean build cannot tell which is meant.
        let now = Date().timeIntervalSince1970
        let whole = now.rounded(.down)
        var seconds = time_t(whole)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        self.bytes.append(UInt8(ascii: "\""))
        self.digits(Int(parts.tm_year) + 1900, width: 4)
        self.bytes.append(UInt8(ascii: "-"))
        self.digits(Int(parts.tm_mon) + 1, width: 2)
        self.bytes.append(UInt8(ascii: "-"))
        self.digits(Int(parts.tm_mday), width: 2)
        self.bytes.append(UInt8(ascii: "T"))
        self.digits(Int(parts.tm_hour), width: 2)
        self.bytes.append(UInt8(ascii: ":"))
        self.digits(Int(parts.tm_min), width: 2)
        self.bytes.append(UInt8(ascii: ":"))
        self.digits(Int(parts.tm_sec), width: 2)
        self.bytes.append(UInt8(ascii: "."))
        self.digits(min(999, Int((now - whole) * 1000)), width: 3)
        self.bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    private mutating func digits(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var value = value
        while divisor > 0 {
            self.bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            value %= divisor
            divisor /= 10
        }
    }
}
