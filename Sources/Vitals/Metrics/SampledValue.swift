import Synchronization

/// A value handed from a task that may outlive its caller (see ``Deadline``) back to that caller.
final class SampledValue<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    func set(_ value: Value) { self.value.withLock { $0 = value } }
    func get() -> Value? { self.value.withLock { $0 } }
}
