import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import Testing
import Tracing
import Vitals
import VitalsProcess
import VitalsTestSupport

@Suite struct VitalsMiddlewareTests {
    static let requestID = HTTPField.Name("X-Request-ID")!

    @Test func aWellFormedRequestIDRoundTripsIntoTheLog() async throws {
        let app = TestApp()
        try await app.application().test(.router) { client in
            try await client.execute(uri: "/orders/7", method: .get, headers: [Self.requestID: "client-id-123"]) { response in
                #expect(response.headers[Self.requestID] == "client-id-123")
            }
        }
        let logged = app.records.filter { $0["request_id"] as? String == "client-id-123" }
        #expect(logged.map { $0["message"] as? String } == ["Order read", "Request completed"])
        #expect(!app.lines.text.contains("hb.request.id"), "one id per line, not Hummingbird's beside ours")
    }

    @Test func aMalformedRequestIDIsReplaced() async throws {
        let app = TestApp()
        try await app.application().test(.router) { client in
            for inbound in ["bad id with spaces", String(repeating: "x", count: 200), ""] {
                try await client.execute(uri: "/orders/1", method: .get, headers: [Self.requestID: inbound]) { response in
                    let echoed = try #require(response.headers[Self.requestID])
                    #expect(echoed != inbound)
                    #expect(echoed.wholeMatch(of: /[0-9a-f]{32}/) != nil)
                }
            }
            try await client.execute(uri: "/orders/1", method: .get) { response in
                #expect(response.headers[Self.requestID]?.count == 32)
            }
        }
    }

    @Test func everyOutcomeIsRecordedByRouteTemplate() async throws {
        let app = TestApp()
        try await app.application().test(.router) { client in
            for id in 1...5 { try await client.execute(uri: "/orders/\(id)", method: .get) { #expect($0.status == .ok) } }
            try await client.execute(uri: "/bad", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
                let body = String(buffer: response.body)
                #expect(body.contains("request_id"))
                #expect(!body.contains("SECRET-HASH"), "a 5xx never echoes internal error text")
            }
            for path in ["/nope", "/nope/1", "/users/42"] { try await client.execute(uri: path, method: .get) { #expect($0.status == .notFound) } }
        }
        let exposition = await app.exposition()
        let count = "http_server_request_duration_seconds_count"
        #expect(exposition.value(count, ["http_route": "/orders/{id}", "http_response_status_code": "200"]) == 5)
        #expect(exposition.value(count, ["http_route": "/bad", "http_response_status_code": "400"]) == 1)
        #expect(exposition.value(count, ["http_route": "/boom", "http_response_status_code": "500"]) == 1)
        #expect(exposition.value(count, ["http_route": "_unmatched", "http_response_status_code": "404"]) == 3)
        #expect(exposition.matching(count).allSatisfy { !$0.labels["http_route"]!.contains("/orders/1") }, "never a raw path")
        let failure = try #require(app.records.first { $0["message"] as? String == "Request failed" })
        #expect(!String(describing: failure).contains("SECRET-HASH"), "the error log is redacted")
    }

    @Test func oneAccessLogLinePerRequestButNoneForProbes() async throws {
        let app = TestApp()
        app.health.markStarted()
        try await app.application().test(.router) { client in
            try await client.execute(uri: "/orders/3", method: .get) { _ in }
            for path in ["/health/live", "/health/ready", "/livez", "/readyz", "/metrics"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .ok) }
            }
        }
        let access = app.records.filter { $0["message"] as? String == "Request completed" }
        #expect(access.count == 1)
        let fields = try #require(access.first?["metadata"] as? [String: Any])
        #expect(fields["http.request.method"] as? String == "GET")
        #expect(fields["http.route"] as? String == "/orders/{id}")
        #expect(fields["http.response.status_code"] as? Int == 200, "a number, not a string")
        #expect(fields["duration_ms"] as? Double != nil, "a number, not a string")
    }

    @Test func accessAndErrorLinesCarryTheRequestsTrace() async throws {
        let tracer = InMemoryTracer()
        let app = TestApp()
        try await app.application(tracer: tracer).test(.router) { client in
            try await client.execute(uri: "/orders/9", method: .get) { _ in }
            try await client.execute(uri: "/boom", method: .get) { _ in }
        }
        let spans = tracer.finishedSpans
        for (path, message) in [("GET /orders/{id}", "Request completed"), ("GET /boom", "Request failed"), ("GET /boom", "Request completed")] {
            let span = try #require(spans.first { $0.operationName == path })
            let line = app.records.first {
                $0["message"] as? String == message && $0["trace_id"] as? String == span.spanContext.traceID
            }
            #expect(line?["span_id"] as? String == span.spanContext.spanID, "\(message) of \(path) carries its span: \(app.records)")
        }
    }

    @Test func serverSpansContinueTheCallerAndCarryTheRequest() async throws {
        let tracer = InMemoryTracer()
        let app = TestApp()
        try await app.application(tracer: tracer).test(.router) { client in
            let headers: HTTPFields = [
                HTTPField.Name(InMemoryTracer.traceIDKey)!: "caller-trace", HTTPField.Name(InMemoryTracer.spanIDKey)!: "caller-span",
                Self.requestID: "req-span-1",
            ]
            try await client.execute(uri: "/orders/9", method: .get, headers: headers) { _ in }
            try await client.execute(uri: "/boom", method: .get) { _ in }
        }
        let spans = tracer.finishedSpans
        let ok = try #require(spans.first { $0.attributes["request_id"]?.toSpanAttribute() == "req-span-1" })
        #expect(ok.operationName == "GET /orders/{id}")
        #expect(ok.kind == .server)
        #expect(ok.spanContext.traceID == "caller-trace")
        #expect(ok.attributes["http.route"]?.toSpanAttribute() == "/orders/{id}")
        #expect(ok.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
        let failed = try #require(spans.first { $0.operationName == "GET /boom" })
        #expect(failed.status?.code == .error)
        #expect(failed.errors.count == 1)
    }

    @Test func probesAnswerJSONAndMetricsAnswerTheTextFormat() async throws {
        let app = TestApp()
        app.health.register("database", in: .readiness) { throw TestApp.DatabaseExploded() }
        try await app.application().test(.router) { client in
            try await client.execute(uri: "/health/startup", method: .get) { #expect($0.status == .serviceUnavailable) }
            app.health.markStarted()
            try await client.execute(uri: "/health/startup", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"status":"pass","checks":{}}"#)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                let database = (json?["checks"] as? [String: Any])?["database"] as? [String: Any]
                #expect(database?["status"] as? String == "fail")
            }
            for path in ["/metrics", "/health/live", "/readyz"] {
                try await client.execute(uri: path, method: .head) { response in
                    #expect(response.status == (path == "/readyz" ? .serviceUnavailable : .ok), "HEAD \(path)")
                    #expect(response.body.readableBytes == 0, "HEAD \(path) has no body")
                }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let samples = ExpositionSamples(String(buffer: response.body))
                // Probes and scrapes are not the service's traffic: a readiness 503 must not read as a server error.
                #expect(samples.value("http_server_request_duration_seconds_count", ["http_route": "/readyz"]) == nil)
                #expect(samples.value("http_server_request_duration_seconds_count", ["http_route": "/health/live"]) == nil)
                #expect(samples.value("http_server_active_requests", ["http_request_method": "GET"]) ?? 0 == 0)
                // The process signals other client libraries expose, from /proc.
                #expect((samples.value("process_resident_memory_bytes") ?? 0) > 1_000_000)
                #expect((samples.value("process_open_fds") ?? 0) >= 3)
                #expect((samples.value("process_max_fds") ?? 0) >= (samples.value("process_open_fds") ?? .infinity))
                #expect((samples.value("process_cpu_seconds_total") ?? -1) >= 0)
            }
        }
    }
}
