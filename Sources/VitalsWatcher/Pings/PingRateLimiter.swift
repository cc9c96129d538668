import Foundation
import Synchronization

/// A token bucket per workload: a runaway loop pinging a token gets 429 with `Retry-After`, and the
/// store keeps its capacity for everyone else. Never a silent drop.
final class PingRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    /// Sustained pings per second per workload.
    let rate: Double
    /// Pings allowed in a burst.
    let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    /// Nil if the ping may proceed, else the seconds to wait before retrying.
    func admit(_ workload: String, now: Double) -> Int? {
        guard self.rate > 0 else { return nil }  // 0: unlimited
        return self.buckets.withLock { buckets in
            var bucket = buckets[workload] ?? Bucket(tokens: self.burst, updated: now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            defer { buckets[workload] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / self.rate).rounded(.up)))
        }
    }
}
