import VitalsStore

/// Finds the workload a ping token or slug names, comparing secrets in constant time so response
/// timing reveals nothing about how much of a guessed token was right.
struct TokenDirectory: Sendable {
    struct Entry: Sendable {
        let name: String
        let token: [UInt8]
        let postOnly: Bool
        let retention: Int
    }

    let entries: [Entry]
    let pingKey: [UInt8]?

    /// The workload whose token is `token`.
    func workload(token: String) -> Entry? {
        let candidate = Array(token.utf8)
        var found: Entry?
        // Every entry is compared, match or not, so the time taken does not depend on which one matched.
        for entry in self.entries where Self.constantTimeEquals(entry.token, candidate) { found = entry }
        return found
    }

    /// The workload named `slug`, if `key` is the configured ping key.
    func workload(pingKey key: String, slug: String) -> Entry? {
        guard let pingKey, Self.constantTimeEquals(pingKey, Array(key.utf8)) else { return nil }
        return self.entries.first { $0.name == slug }
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
