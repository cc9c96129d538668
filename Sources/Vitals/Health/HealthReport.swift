import VitalsBase

/// The outcome of one health check.
public struct HealthCheckResult: Sendable, Hashable {
    /// Whether the check passed within its timeout.
    public var passed: Bool
    /// How long the check took, in milliseconds (its timeout when it timed out).
    public var durationMilliseconds: Double
    /// Why it failed, in words safe to show to a caller.
    public var error: String?

    /// A check's outcome as measured.
    public init(passed: Bool, durationMilliseconds: Double, error: String? = nil) {
        self.passed = passed
        self.durationMilliseconds = durationMilliseconds
        self.error = error
    }
}

/// The answer to one probe: overall status and every check's result.
///
/// Rendered as `{"status":"pass"|"fail","checks":{"name":{"status","duration_ms","error"}}}`.
public struct HealthReport: Sendable, Hashable {
    /// The probe answered.
    public var group: HealthGroup
    /// Results by check name.
    public var checks: [String: HealthCheckResult]

    /// The report of `group` from its checks' results.
    public init(group: HealthGroup, checks: [String: HealthCheckResult]) {
        self.group = group
        self.checks = checks
    }

    /// True when every check passed.
    public var passed: Bool { self.checks.values.allSatisfy(\.passed) }

    /// The HTTP status a probe endpoint answers with: 200 or 503.
    public var httpStatus: Int { self.passed ? 200 : 503 }

    /// The JSON body, with checks in name order.
    public var json: [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.raw("{")
        writer.key("status")
        writer.string(self.passed ? "pass" : "fail")
        writer.key("checks")
        writer.raw("{")
        for (name, result) in self.checks.sorted(by: { $0.key < $1.key }) {
            writer.key(name)
            writer.raw("{")
            writer.key("status")
            writer.string(result.passed ? "pass" : "fail")
            writer.key("duration_ms")
            writer.raw(String((result.durationMilliseconds * 1000).rounded() / 1000))
            if let error = result.error {
                writer.key("error")
                writer.string(error)
            }
            writer.raw("}")
        }
        writer.raw("}}")
        return writer.bytes
    }
}
