import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing
import VitalsCore
import VitalsProcess
import VitalsTestSupport
import VitalsWatcher

/// `vitals inspect` as a user runs it, on files and on URLs (gzip, limits).
@Suite(.timeLimit(.minutes(3))) struct InspectTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString).prom").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func profilesReadOtherEcosystemsAndSayWhatTheyRead() async throws {
        let path = try self.write(
            """
            # TYPE http_server_requests_seconds histogram
            http_server_requests_seconds_bucket{method="GET",status="200",uri="/orders",le="0.1"} 10
            http_server_requests_seconds_bucket{method="GET",status="200",uri="/orders",le="+Inf"} 10
            http_server_requests_seconds_count{method="GET",status="200",uri="/orders"} 10
            http_server_requests_seconds_sum{method="GET",status="200",uri="/orders"} 0.3
            http_server_requests_seconds_bucket{method="GET",status="503",uri="/orders",le="0.1"} 2
            http_server_requests_seconds_bucket{method="GET",status="503",uri="/orders",le="+Inf"} 2
            http_server_requests_seconds_count{method="GET",status="503",uri="/orders"} 2
            http_server_requests_seconds_sum{method="GET",status="503",uri="/orders"} 0.1

            """
        )
        let detected = try await CLITests().run(["inspect", path, "--kind", "api"])
        #expect(detected.status == 0)
        #expect(
            detected.output.contains("profile: micrometer (detected)\nreads: 5xx 2, latency_observations 12, requests 12\n"),
            "\(detected.output)"
        )
        #expect(detected.output.contains("present http_server_requests_seconds → api.errors, api.latency, api.no_traffic, api.slo_burn"))
        #expect(detected.output.contains("MISSING process_start_time_seconds → api.restarting"))
        let named = try await CLITests().run(["inspect", path, "--profile", "vapor"])
        #expect(
            named.output.contains("profile: vapor\nreads: 5xx 0, latency_observations 0, requests 0\n"),
            "read as Vapor, nothing is there: \(named.output)"
        )
        #expect(named.output.contains("MISSING http_requests_total → api.errors, api.no_traffic, api.slo_burn"))
        let wrong = try await CLITests().run(["inspect", path, "--profile", "micrometr"])
        #expect(
            wrong.status != 0 && wrong.errors.contains("--profile micrometr is not a metric profile; did you mean micrometer?"),
            "\(wrong.errors)"
        )
    }

    @Test func aFileWithProblemsIsReportedWithPositionsNamingAndSignals() async throws {
        let path = try self.write(
            """
            # TYPE requests counter
            requests{user_id="42"} 1
            # TYPE http_server_request_duration_seconds histogram
            http_server_request_duration_seconds_bucket{le="+Inf"} 3
            http_server_request_duration_seconds_count 3
            http_server_request_duration_seconds_sum 0.4
            # TYPE payload_size gauge
            payload_size 12
            broken{a="b" 1

            """
        )
        let result = try await CLITests().run(["inspect", path, "--kind", "api", "--format", "json"])
        #expect(result.status == 1, "a parse error fails, as a scrape would")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["families"] as? Int == 4 && report["series"] as? Int == 5)
        #expect((report["errors"] as? [String]) == ["line 9, column 14: expected , or } after a label value (at \"1\")"])
        let naming = (report["naming"] as? [[String: String]] ?? []).map { "\($0["family"] ?? ""): \($0["problem"] ?? "")" }
        #expect(
            naming == [
                "requests: counter without the _total suffix",
                "requests: label user_id often holds one value per user, request or path: check its cardinality",
                "payload_size: looks like a measurement but has no unit suffix (_seconds, _bytes, …)",
            ]
        )
        #expect(report["enabled"] as? [String] == ["api.errors", "api.latency", "api.no_traffic", "api.slo_burn"])
        #expect(report["missing"] as? [String] == ["api.restarting"])
    }

    @Test func aURLIsNegotiatedAcceptsGzipAndRefusesBodiesOverTheLimit() async throws {
        let router = Router()
        let plain = "# TYPE up gauge\nup 1\n# EOF\n"
        router.get("om") { request, _ in
            #expect(request.headers[.accept]?.contains("application/openmetrics-text") == true)
            #expect(request.headers[.acceptEncoding] == "gzip")
            // `printf … | gzip` of the body above, as a target with compression answers.
            let gzipped = try await Self.gzip(plain)
            return Response(
                status: .ok,
                headers: [.contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8", .contentEncoding: "gzip"],
                body: .init(byteBuffer: ByteBuffer(bytes: gzipped))
            )
        }
        router.get("huge") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "#"), count: 11 * 1_048_576))
            )
        }
        let server = try await LocalServer.start(router)
        defer { server.stop() }
        let port = server.port

        let ok = try await CLITests().run(["inspect", "http://127.0.0.1:\(port)/om"])
        #expect(ok.status == 0, "\(ok.errors)")
        #expect(ok.output.hasPrefix("http://127.0.0.1:\(port)/om: openmetrics exposition, 1 families, 1 series\nparse: ok\n"))
        let huge = try await CLITests().run(["inspect", "http://127.0.0.1:\(port)/huge"])
        #expect(huge.status == 1)
        #expect(huge.errors.contains("the body exceeds 10 MB after decompression (body limit)"))
        let refused = try await CLITests().run(["inspect", "http://127.0.0.1:1/metrics"])
        #expect(refused.status == 1 && refused.errors.contains("http://127.0.0.1:1/metrics: connection refused"), "\(refused.errors)")
    }

    /// `text` compressed by the real gzip.
    static func gzip(_ text: String) async throws -> Data {
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/bin/gzip"), ["-c"], input: Data(text.utf8))
        return result.outputData
    }
}
