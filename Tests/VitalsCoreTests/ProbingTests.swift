import Foundation
import Testing
import VitalsCore
import VitalsProcess

/// Probe expectations, slots and streaks: everything about a probe that does not need the network.
@Suite struct ProbingTests {
    static let body = Array(#"{"items":[{"id":7,"state":"confirmed","ok":true,"tags":[]}],"count":3,"name":"orders","none":null,"odd key":1.5}"#.utf8)

    func outcome(
        _ expectations: [String: String],
        status: Int = 200,
        latency: Double = 0.05,
        expectStatus: Int? = 200,
        latencyBelow: Duration? = nil,
        body: [UInt8] = Self.body
    ) throws -> ProbeOutcome {
        let json = try expectations.sorted { $0.key < $1.key }.map {
            JSONAssertion(path: try JSONPath(parsing: $0.key), expectation: try JSONExpectation(parsing: $0.value))
        }
        let check = ProbeCheck(
            workload: "orders-api",
            role: .synthetic(0),
            url: "http://x/orders",
            status: expectStatus,
            json: json,
            latencyBelow: latencyBelow,
            interval: .seconds(15),
            timeout: .seconds(5)
        )
        return ProbeOutcome.judge(check, at: Date(timeIntervalSince1970: 0), latency: latency, status: status, reason: "OK", body: body)
    }

    @Test(arguments: [
        ("$.items", "array"), ("$.items[0]", "object"), ("$.items[0].id", "7"), ("$.items[0].id", "== 7"), ("$.items[0].id", ">= 7"),
        ("$.items[0].id", "< 8"), ("$.items[0].state", "confirmed"), ("$.items[0].state", "!= failed"), ("$.items[0].ok", "bool"),
        ("$.items[0].ok", "true"), ("$.items[-1].tags", "length == 0"), ("$.items", "length > 0"), ("$.name", "length 6"),
        ("$.count", "number"), ("$.none", "null"), ("$['odd key']", "> 1"), ("$[\"odd key\"]", "1.5"), ("$.name", "exists"), ("$", "object"),
    ])
    func expectationsThatHold(path: String, expectation: String) throws {
        let result = try self.outcome([path: expectation == "length 6" ? "length == 6" : expectation])
        #expect(result.failure == nil, "\(path): \(expectation) -> \(result.detail)")
    }

    @Test(arguments: [
        ("$.items", "object", "$.items: an array of 1, expected object"),
        ("$.items[0].id", "> 7", "$.items[0].id: 7, expected > 7"),
        ("$.items[3]", "exists", "$.items[3]: absent, expected exists"),
        ("$.count", "string", "$.count: 3, expected string"),
        ("$.items[0].ok", "number", "$.items[0].ok: true, expected number"),
        ("$.name", "== order", "$.name: \"orders\", expected == order"),
        ("$.items", "length == 2", "$.items: length 1, expected length == 2"),
        ("$.count", "length > 0", "$.count: 3, which has no length, expected length > 0"),
        ("$.missing.deeper", "== 1", "$.missing.deeper: absent, expected == 1"),
    ])
    func expectationsThatFail(path: String, expectation: String, detail: String) throws {
        let result = try self.outcome([path: expectation])
        #expect(result.failure == .assertion)
        #expect(result.detail == detail)
    }

    @Test func statusComesFirstThenBodyThenLatency() throws {
        #expect(try self.outcome([:], status: 503).failure == .httpStatus)
        #expect(try self.outcome([:], status: 503).detail == "503 OK, expected 200")
        #expect(try self.outcome([:], status: 204, expectStatus: nil).failure == nil, "live and ready accept any 2xx")
        #expect(try self.outcome([:], status: 302, expectStatus: nil).failure == .httpStatus)
        #expect(try self.outcome(["$.items": "array"], body: Array("<html>".utf8)).detail == "200 OK, but the body is not JSON")
        let slow = try self.outcome([:], latency: 0.4, latencyBelow: .milliseconds(300))
        #expect(slow.failure == .assertion)
        #expect(slow.detail == "200 OK in 400ms, expected below 300ms")
    }

    @Test(arguments: [
        ("items", "a JSONPath starts with $", 1), ("$.", "a name is missing after \".\"", 3), ("$.items[0", "\"[\" is not closed", 8),
        ("$.items[*]", "\"[*]\" is neither an index nor a quoted name (filters and wildcards are not supported)", 8),
        ("$..items", "a name is missing after \".\"", 3),
    ])
    func badPaths(text: String, message: String, column: Int) {
        #expect(throws: JSONPath.ParseError(message: message, column: column)) { try JSONPath(parsing: text) }
    }

    @Test func badExpectations() {
        #expect(throws: JSONExpectation.ParseError.self) { try JSONExpectation(parsing: "> many") }
        #expect(throws: JSONExpectation.ParseError.self) { try JSONExpectation(parsing: "length big") }
    }

    @Test func specErrorsNameThePathAndColumn() {
        let yaml = """
            workloads:
              orders-api:
                kind: api
                synthetic:
                  - get: http://127.0.0.1:8080/orders
                    expect: { json: { "$.items[*]": array, "$.count": "> lots" } }
            """
        let error = #expect(throws: SpecErrors.self) { try SpecLoader.parse(yaml, file: "v.yml", environment: [:]) }
        let lines = error?.errors.map { "\($0.line):\($0.column) \($0.keyPath) \($0.code)" }
        #expect(
            lines == [
                "6:35 workloads.orders-api.synthetic[0].expect.json.$.items[*] bad_jsonpath",
                "6:59 workloads.orders-api.synthetic[0].expect.json.$.count bad_expectation",
            ]
        )
    }

    @Test func slotsAreStableSpreadAndOnTheInterval() {
        let interval = Duration.seconds(30)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = ProbeSlots.next(for: "orders-api/live", interval: interval, after: start)
        #expect(first > start && first.timeIntervalSince(start) <= 30)
        #expect(ProbeSlots.next(for: "orders-api/live", interval: interval, after: first) == first.addingTimeInterval(30))
        #expect(ProbeSlots.next(for: "orders-api/live", interval: interval, after: start) == first, "same id, same slot: stable across restarts")
        // 10,000 checks land in every second of the interval, none holding more than twice its share.
        var perSecond = [Int](repeating: 0, count: 30)
        for index in 0..<10_000 {
            perSecond[Int(ProbeSlots.offset(of: "workload-\(index)/live", interval: interval) / 1000)] += 1
        }
        #expect(perSecond.allSatisfy { $0 > 0 && $0 < 2 * 10_000 / 30 }, "\(perSecond)")
    }

    @Test func streaksDampFlapping() {
        var streak = ProbeStreak(failureThreshold: 3, successThreshold: 2)
        func probe(_ ok: Bool, _ second: Double) {
            streak.record(
                ProbeOutcome(
                    check: "a/live",
                    at: Date(timeIntervalSince1970: second),
                    latency: 0.01,
                    status: ok ? 200 : nil,
                    failure: ok ? nil : .connect,
                    detail: ok ? "200 OK" : "connection refused"
                )
            )
        }
        #expect(streak.state == .unknown)
        probe(true, 1)
        #expect(streak.state == .unknown, "two successes make it up")
        probe(true, 2)
        #expect(streak.state == .up)
        probe(false, 3)
        probe(false, 4)
        #expect(streak.state == .up, "two failures are a blip")
        probe(true, 5)
        probe(false, 6)
        probe(false, 7)
        probe(false, 8)
        #expect(streak.state == .down)
        #expect(streak.since == Date(timeIntervalSince1970: 6), "down since the first failure of the run")
        probe(true, 9)
        #expect(streak.state == .down, "one success is not recovery")
        probe(true, 10)
        #expect(streak.state == .up)
        #expect(streak.lastFailure?.detail == "connection refused")
        #expect(streak.firstSuccess == Date(timeIntervalSince1970: 1))
    }
}
