/// Where a worker's failures come from: the top one names the culprit in evidence.
public struct FailureKey: Sendable, Hashable, Codable {
    public var handler: String
    public var eventType: String
    public var errorClass: String
}
