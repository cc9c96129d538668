package import Foundation
import VitalsBase

/// The result of one probe: when, how long, and — when it failed — which way.
package struct ProbeOutcome: Sendable, Hashable {
    /// How a probe failed, so "the DNS name is gone" reads differently from "it answered 503".
    package enum Failure: String, Sendable, Hashable, CaseIterable {
        /// The host name did not resolve.
        case dns
        /// No TCP connection: refused, unreachable, reset before an answer.
        case connect
        /// The TLS handshake failed (certificate, protocol).
        case tls
        /// The total deadline passed before the whole answer arrived.
        case timeout
        /// The answer's status was not the expected one.
        case httpStatus = "http_status"
        /// The body was larger than the probe reads.
        case bodyLimit = "body_limit"
        /// Status fine, but a JSON expectation or the latency bound was not met.
        case assertion
    }

    package var check: String
    package var at: Date
    /// From the start of the request to the last byte of the body (or the failure).
    package var latency: Double
    package var status: Int?
    /// Nil on success.
    package var failure: Failure?
    /// What happened, in words: `503 Service Unavailable`, `connection refused`, `$.items: absent, expected array`.
    package var detail: String

    package init(check: String, at: Date, latency: Double, status: Int?, failure: Failure?, detail: String) {
        self.check = check
        self.at = at
        self.latency = latency
        self.status = status
        self.failure = failure
        self.detail = detail
    }

    package var succeeded: Bool { self.failure == nil }

    /// Judges a complete answer against the check's expectations: status first, then JSON, then latency.
    package static func judge(_ check: ProbeCheck, at: Date, latency: Double, status: Int, reason: String, body: [UInt8]) -> ProbeOutcome {
        func outcome(_ failure: Failure?, _ detail: String) -> ProbeOutcome {
            ProbeOutcome(check: check.id, at: at, latency: latency, status: status, failure: failure, detail: detail)
        }
        let statusLine = "\(status) \(reason)".trimmingSpaces
        let statusOK = check.status.map { $0 == status } ?? (200..<300).contains(status)
        guard statusOK else {
            // A health endpoint says which check failed: that is the evidence (`failing: database: timed out`).
            let failing = check.role == .ready || check.role == .live ? HealthBody.summary(of: body) : ""
            return outcome(.httpStatus, "\(statusLine), expected \(check.status.map(String.init) ?? "2xx")\(failing)")
        }
        if !check.json.isEmpty {
            guard let document = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
                return outcome(.assertion, "\(statusLine), but the body is not JSON")
            }
            for assertion in check.json {
                if let found = assertion.expectation.mismatch(assertion.path.select(in: document)) {
                    return outcome(.assertion, "\(assertion.path): \(found), expected \(assertion.expectation)")
                }
            }
        }
        if let bound = check.latencyBelow, latency >= bound.inSeconds {
            return outcome(.assertion, "\(statusLine) in \(Evidence.duration(seconds: latency)), expected below \(DurationText.format(bound))")
        }
        return outcome(nil, "\(statusLine) in \(Evidence.duration(seconds: latency))")
    }
}
