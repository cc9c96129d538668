package import Foundation
import VitalsBase

/// When each check runs: on slots of its interval, shifted by an offset derived from its id.
///
/// The offset spreads 10,000 checks with the same interval evenly instead of firing them together, and
/// is stable: the same check runs at the same second of its interval after a restart, on every watcher
/// sharing a spec, so probe timestamps line up and load on targets stays even.
package enum ProbeSlots {
    /// The offset of `id` within `interval`, in milliseconds.
    package static func offset(of id: String, interval: Duration) -> Int64 {
        let period = max(1, Int64(interval.inSeconds * 1000))
        return Int64(bitPattern: self.fnv1a(id) % UInt64(period))
    }

    /// The first slot of `id` strictly after `time`.
    package static func next(for id: String, interval: Duration, after time: Date) -> Date {
        let period = max(1, Int64(interval.inSeconds * 1000))
        let offset = self.offset(of: id, interval: interval)
        let now = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        let slot = (now - offset) / period + 1
        return Date(timeIntervalSince1970: Double(slot * period + offset) / 1000)
    }

    /// FNV-1a: Swift's `Hasher` is seeded per process, which would move every slot on restart.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
