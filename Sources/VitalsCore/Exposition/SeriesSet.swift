#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast hash of byte ranges, seeded per process. Swift's `Hasher` (SipHash) cost a sixth of parse
/// time; this reads 8 bytes per step. Collisions cannot reject a valid scrape (matches are confirmed
/// byte by byte), and the random seed keeps an exposition from being crafted to collide on purpose.
struct RangeHasher {
    static let seed = UInt64.random(in: .min ... .max)
    private var state = Self.seed

    mutating func combine(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
        let base = UnsafeRawPointer(bytes.baseAddress! + range.lowerBound)
        var offset = 0
        var state = self.state
        while offset + 8 <= range.count {
            state = (state ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            state = (state << 31) | (state >> 33)
            offset += 8
        }
        var tail: UInt64 = UInt64(range.count) << 56
        var shift: UInt64 = 0
        while offset < range.count {
            tail |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) << shift
            shift += 8
            offset += 1
        }
        state = (state ^ tail) &* 0x9E37_79B9_7F4A_7C15
        self.state = (state << 31) | (state >> 33)
    }

    /// MurmurHash3's finalizer: every input bit reaches every output bit.
    func finalize() -> Int {
        var h = self.state
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(bitPattern: UInt(h))
    }
}

/// A label as byte ranges of the exposition (escaped, as written).
struct LabelRange {
    var name: Range<Int>
    var value: Range<Int>
}

/// The series seen in one exposition, to report duplicates without a String per series: each series is
/// hashed over its name and its labels sorted by name, and kept as byte ranges; a hash match is
/// confirmed byte by byte, so a collision can never reject a valid scrape.
struct SeriesSet {
    /// Hash → index of the newest entry with that hash; entries chain to older ones.
    private var heads: [Int: Int] = [:]
    private var entries: [(next: Int, start: Int, count: Int)] = []
    /// Flat ranges: the name, then each label's name and value, in sorted order.
    private var ranges: [Range<Int>] = []

    /// False if an identical series (same name, same label names and values in any order) was inserted before.
    mutating func insert(name: Range<Int>, labels: [LabelRange], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func compare(_ a: Range<Int>, _ b: Range<Int>) -> Int32 {
            let common = min(a.count, b.count)
            let order = memcmp(bytes.baseAddress! + a.lowerBound, bytes.baseAddress! + b.lowerBound, common)
            return order != 0 ? order : Int32(a.count - b.count)
        }
        // Insertion sort: a handful of labels, usually already in order.
        var sorted = labels
        for index in sorted.indices.dropFirst() {
            var position = index
            while position > 0, compare(sorted[position - 1].name, sorted[position].name) > 0 {
                sorted.swapAt(position - 1, position)
                position -= 1
            }
        }
        // Each range's length goes into its last step, so ("ab", "c") and ("a", "bc") hash apart.
        var hasher = RangeHasher()
        hasher.combine(name, in: bytes)
        for label in sorted {
            hasher.combine(label.name, in: bytes)
            hasher.combine(label.value, in: bytes)
        }
        let hash = hasher.finalize()
        let head = self.heads[hash] ?? -1
        var candidate = head
        while candidate >= 0 {
            let entry = self.entries[candidate]
            if entry.count == 1 + 2 * sorted.count, compare(self.ranges[entry.start], name) == 0,
                sorted.indices.allSatisfy({
                    compare(self.ranges[entry.start + 1 + 2 * $0], sorted[$0].name) == 0
                        && compare(self.ranges[entry.start + 2 + 2 * $0], sorted[$0].value) == 0
                })
            {
                return false
            }
            candidate = entry.next
        }
        self.entries.append((next: head, start: self.ranges.count, count: 1 + 2 * sorted.count))
        self.heads[hash] = self.entries.count - 1
        self.ranges.append(name)
        for label in sorted {
            self.ranges.append(label.name)
            self.ranges.append(label.value)
        }
        return true
    }
}

/// A set of byte strings of the exposition, held as ranges: hashed once, confirmed byte by byte.
struct ByteRangeSet {
    private var buckets: [Int: [Range<Int>]] = [:]

    private static func hash(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = RangeHasher()
        hasher.combine(range, in: bytes)
        return hasher.finalize()
    }

    private static func same(_ a: Range<Int>, _ b: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && memcmp(bytes.baseAddress! + a.lowerBound, bytes.baseAddress! + b.lowerBound, a.count) == 0
    }

    mutating func insert(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
        self.buckets[Self.hash(range, bytes), default: []].append(range)
    }

    func contains(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        self.buckets[Self.hash(range, bytes)]?.contains { Self.same($0, range, bytes) } ?? false
    }
}
