/// `"$.items": array` from a synthetic check's `expect.json`.
public struct JSONAssertion: Sendable, Hashable {
    public var path: JSONPath
    public var expectation: JSONExpectation

    public init(path: JSONPath, expectation: JSONExpectation) {
        self.path = path
        self.expectation = expectation
    }
}
