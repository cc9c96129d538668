/// `"$.items": array` from a synthetic check's `expect.json`.
public struct JSONAssertion: Sendable, Hashable {
    /// Where in the body, e.g. `$.items`.
    public var path: JSONPath
    /// What the value there must be.
    public var expectation: JSONExpectation

    /// An assertion as written in the spec.
    public init(path: JSONPath, expectation: JSONExpectation) {
        self.path = path
        self.expectation = expectation
    }
}
