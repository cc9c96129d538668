/// What waits in a worker's queue, as sampled at scrape time.
public struct Backlog: Sendable, Hashable {
    /// Events waiting.
    public var depth: Int
    /// Age of the oldest waiting event, in seconds; `nil` or `0` when the queue is empty.
    public var oldestAgeSeconds: Double?

    /// A backlog of `depth` events whose oldest waited `oldestAgeSeconds`.
    public init(depth: Int, oldestAgeSeconds: Double?) {
        self.depth = depth
        self.oldestAgeSeconds = oldestAgeSeconds
    }
}
