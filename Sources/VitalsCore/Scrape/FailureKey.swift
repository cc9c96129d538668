/// Where a worker's failures come from: the top one names the culprit in evidence.
package struct FailureKey: Sendable, Hashable, Codable {
    package var handler: String
    package var eventType: String
    package var errorClass: String
}
