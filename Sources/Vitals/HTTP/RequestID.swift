import Synchronization

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

    /// 32 lowercase hex characters, unique within the process and unpredictable across processes.
    ///
    /// The first half is random per process, the second a counter scrambled by a random key (SplitMix64),
    /// so an id costs one atomic increment instead of a `getrandom` call per request.
    public static func generate() -> String {
        let sequence = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        let halves = (Self.processPrefix, Self.scramble(sequence ^ Self.processKey))
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 32) { buffer in
            digits.withUTF8Buffer { digits in
                for index in 0..<32 {
                    let half = index < 16 ? halves.0 : halves.1
                    let shift = UInt64(60 - (index % 16) * 4)
                    buffer[index] = digits[Int((half >> shift) & 0xF)]
                }
            }
            return 32
        }
    }

    private static let counter = Atomic<UInt64>(0)
    private static let processPrefix = UInt64.random(in: .min ... .max)
    private static let processKey = UInt64.random(in: .min ... .max)

    /// SplitMix64's finaliser: a bijection, so distinct counters give distinct ids.
    private static func scramble(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
