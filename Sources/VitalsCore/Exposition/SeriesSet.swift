#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[name])))
        for label in sorted {
            hasher.combine(0xFF as UInt8)
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[label.name])))
            hasher.combine(0xFE as UInt8)
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[label.value])))
        }
        let hash = hasher.finalize()
        var candidate = self.heads[hash] ?? -1
        while candidate >= 0 {
            let entry = self.entries[candidate]
            if entry.count == 1 + 2 * sorted.count, compare(self.ranges[entry.start], name) == 0,
                sorted.indices.allSatisfy({ compare(self.ranges[entry.start + 1 + 2 * $0], sorted[$0].name) == 0 && compare(self.ranges[entry.start + 2 + 2 * $0], sorted[$0].value) == 0 })
            {
                return false
            }
            candidate = entry.next
        }
        self.entries.append((next: self.heads[hash] ?? -1, start: self.ranges.count, count: 1 + 2 * sorted.count))
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
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range])))
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
