import Dispatch

/// Work spread over every core, results kept in order: files are audited and report slices rendered
/// independently, and the report must not depend on which finished first.
enum Parallel {
    /// `[transform(0), …, transform(count - 1)]`, computed concurrently.
    static func map<T>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { results in
            // Each iteration writes only its own slot.
            nonisolated(unsafe) let slots = results
            DispatchQueue.concurrentPerform(iterations: count) { slots[$0] = transform($0) }
        }
        return results.map { $0! }
    }
}
