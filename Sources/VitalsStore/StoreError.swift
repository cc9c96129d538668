/// A store failure in words for the person running the watcher. Never holds a password: URLs are redacted.
package struct StoreError: Error, CustomStringConvertible {
    package let description: String

    init(_ description: String) { self.description = description }

    /// The store did not commit within `timeout`: locked by another process, stalled disk, or PostgreSQL
    /// waiting on a lock. Nothing was written; the writer may retry.
    static func busy(after timeout: Duration) -> StoreError {
        StoreError("the store did not commit within \(timeout.components.seconds) s (locked, or its disk is stalled); nothing was written, retry")
    }
}
