import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import Testing
import VitalsCore
import VitalsTesting
import VitalsWatcher

/// The prober against real targets on loopback: every failure class, and one deadline for the whole exchange.
@Suite(.timeLimit(.minutes(2))) struct ProbeTests {
    static func targets() async throws -> LocalServer {
        let router = Router()
        router.get("ok") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"items":[{"id":1}],"status":"ok"}"#))
            )
        }
        router.get("unavailable") { _, _ in Response(status: .serviceUnavailable) }
        router.get("big") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 2 << 20))) }
        router.get("slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(5))
            return Response(status: .ok)
        }
        // Headers at once, then the body a byte every 300 ms: only a deadline covering the body catches it.
        router.get("dribble") { _, _ in
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    for _ in 0..<20 {
                        try await writer.write(ByteBuffer(string: "x"))
                        try await Task.sleep(for: .milliseconds(300))
                    }
                    try await writer.finish(nil)
                }
            )
        }
        router.post("echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1024)
            let token = request.headers[.authorization] ?? "none"
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"auth":"\#(token)","body":"\#(String(buffer: body))"}"#)))
        }
        return try await LocalServer.start(router)
    }

    /// A generous deadline where the answer matters (a loaded CI machine must not turn it into a timeout),
    /// a short one where the timeout is the point.
    func check(
        _ url: String,
        method: String = "GET",
        json: [String: String] = [:],
        status: Int? = nil,
        timeout: Duration = .seconds(10)
    ) throws -> ProbeCheck {
        let assertions = try json.map { JSONAssertion(path: try JSONPath(parsing: $0.key), expectation: try JSONExpectation(parsing: $0.value)) }
        var check = ProbeCheck(
            workload: "api",
            role: .synthetic(0),
            method: method,
            url: url,
            status: status,
            json: assertions,
            interval: .seconds(15),
            timeout: timeout
        )
        check.bodyLimit = 1 << 20
        return check
    }

    @Test func everyFailureIsClassified() async throws {
        let server = try await Self.targets()
        defer { server.stop() }
        let blackhole = try BlackholeListener()
        let closed = try BlackholeListener().port  // bound, then closed when the listener goes: nothing listens there
        let client = HTTPProber.makeClient(concurrency: 16)
        defer { Task { try? await client.shutdown() } }
        let prober = HTTPProber(client: client)
        let base = "http://127.0.0.1:\(server.port)"

        let cases: [(ProbeCheck, ProbeOutcome.Failure?, String)] = [
            (try self.check("\(base)/ok", json: ["$.items[0].id": "== 1", "$.status": "ok"]), nil, "200 OK in "),
            (try self.check("\(base)/ok", json: ["$.items": "length > 1"]), .assertion, "$.items: length 1, expected length > 1"),
            (try self.check("\(base)/unavailable"), .httpStatus, "503 Service Unavailable, expected 2xx"),
            (try self.check("\(base)/big"), .bodyLimit, "the body is larger than 1024 kB"),
            (try self.check("\(base)/slow", timeout: .seconds(1)), .timeout, "no complete answer within 1s"),
            (try self.check("\(base)/dribble", timeout: .seconds(1)), .timeout, "no complete answer within 1s"),
            (try self.check("http://127.0.0.1:\(blackhole.port)/", timeout: .seconds(1)), .timeout, "no complete answer within 1s"),
            (try self.check("http://127.0.0.1:\(closed)/"), .connect, "connection refused"),
            (try self.check("https://127.0.0.1:\(server.port)/ok"), .tls, "TLS"),
            (try self.check("http://vitals-no-such-host.invalid/"), .dns, "vitals-no-such-host.invalid does not resolve"),
        ]
        for (check, failure, detail) in cases {
            let outcome = await prober.probe(check)
            #expect(outcome.failure == failure, "\(check.url): \(outcome.detail)")
            #expect(outcome.detail.contains(detail), "\(check.url): \(outcome.detail)")
        }
    }

    @Test func methodHeadersAndBodyAreSent() async throws {
        let server = try await Self.targets()
        defer { server.stop() }
        let client = HTTPProber.makeClient(concurrency: 4)
        defer { Task { try? await client.shutdown() } }
        var check = try self.check("http://127.0.0.1:\(server.port)/echo", method: "POST", json: ["$.auth": "Bearer s3cret", "$.body": "ping"])
        check.headers = [.init(name: "Authorization", value: Secret("Bearer s3cret"))]
        check.body = "ping"
        let outcome = await HTTPProber(client: client).probe(check)
        #expect(outcome.failure == nil, "\(outcome.detail)")
    }
}
