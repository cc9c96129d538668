
/// Request ids: an inbound `X-Request-ID` is kept when well-formed, otherwise a fresh one is made.
///
/// Well-formed means 1 to 128 characters from `A-Z a-z 0-9 - _ . : / + =`: enough for UUIDs, ULIDs and
/// the ids of common proxies, and nothing that could break a log line or a header.
public enum RequestID {
    /// The header carrying the id in and out.
    public static let headerName = "X-Request-ID"
    /// Longest inbound id accepted.
    public static let maxLength = 128

    /// The inbound id if well-formed, otherwise a new one.
    public static func accept(_ inbound: String?) -> String {
        if let inbound, self.isWellFormed(inbound) { return inbound }
        return self.generate()
    }

    /// Whether `id` may be echoed and logged as it is.
    public static func isWellFormed(_ id: String) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= self.maxLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "="):
                true
            default: false
            }
        }
    }

    /// 128 random bits as 32 lowercase hex characters.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return self.hex(high) + self.hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
