import Prometheus
import Synchronization
import VitalsSignals

/// Admits label values up to ``LabelLimits`` and folds the rest into `_other`, counting each fold.
final class LabelLimiter: Sendable {
    private struct Slot: Hashable {
        let metric: String
        let label: String
    }

    private let limits: LabelLimits
    private let seen = Mutex<[Slot: Set<String>]>([:])
    private let overflowCounter: @Sendable (_ metric: String, _ label: String) -> Counter

    init(limits: LabelLimits, overflowCounter: @escaping @Sendable (_ metric: String, _ label: String) -> Counter) {
        self.limits = limits
        self.overflowCounter = overflowCounter
    }

    /// The value to record for `value` of `label` on `metric`: itself, or `_other` once the cap is reached.
    func admit(_ value: String, label: String, metric: String) -> String {
        let slot = Slot(metric: metric, label: label)
        let limit = self.limits.limit(for: label)
        let admitted = self.seen.withLock { seen in
            if seen[slot, default: []].contains(value) { return true }
            guard seen[slot, default: []].count < limit else { return false }
            seen[slot, default: []].insert(value)
            return true
        }
        if admitted { return value }
        self.overflowCounter(metric, label).increment()
        return Signal.Cardinality.overflowValue
    }
}
