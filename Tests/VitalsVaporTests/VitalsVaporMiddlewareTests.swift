import Foundation
import InMemoryTracing
import Testing
import Tracing
import Vapor
import VaporTesting
import Vitals
import VitalsTestSupport
import VitalsVapor

/// The Vapor middleware against the same cases as the Hummingbird one, through Vapor's own testing module.
@Suite struct VitalsVaporMiddlewareTests {
    func withService(_ service: VaporTestApp = VaporTestApp(), _ test: (Application) async throws -> Void) async throws {
        try await withApp(configure: { service.configure($0) }, test)
    }

    @Test func aWellFormedRequestIDRoundTripsIntoTheLogAndVaporsOwnIDIsGone() async throws {
        let service = VaporTestApp()
        try await self.withService(service) { app in
            try await app.testing().test(.GET, "orders/7", headers: ["X-Request-ID": "client-id-123"]) { response in
                #expect(response.headers.first(name: "X-Request-ID") == "client-id-123")
            }
        }
        let logged = service.records.filter { $0["request_id"] as? String == "client-id-123" }
        #expect(logged.map { $0["message"] as? String } == ["Order read", "Request completed"])
        #expect(!service.lines.text.contains("request-id"), "one id per line")
    }

    @Test func aMalformedRequestIDIsReplaced() async throws {
        try await self.withService { app in
            for inbound in ["bad id with spaces", String(repeating: "x", count: 200)] {
                try await app.testing().test(.GET, "orders/1", headers: ["X-Request-ID": inbound]) { response in
                    let echoed = try #require(response.headers.first(name: "X-Request-ID"))
                    #expect(echoed != inbound)
                    #expect(echoed.wholeMatch(of: /[0-9a-f]{32}/) != nil)
                }
            }
        }
    }

    @Test func everyOutcomeIsRecordedByRouteTemplate() async throws {
        let service = VaporTestApp()
        try await self.withService(service) { app in
            for id in 1...5 { try await app.testing().test(.GET, "orders/\(id)") { #expect($0.status == .ok) } }
            try await app.testing().test(.GET, "bad") { response in
                #expect(response.status == .badRequest)
                #expect(response.body.string == #"{"error":true,"reason":"limit must be positive"}"#, "as Vapor's ErrorMiddleware answers")
            }
            try await app.testing().test(.GET, "boom") { response in
                #expect(response.status == .internalServerError)
                #expect(response.body.string.contains("request_id"))
                #expect(!response.body.string.contains("SECRET-HASH"), "a 5xx never echoes internal error text")
            }
            try await app.testing().test(.GET, "files/a/b/c.txt") { #expect($0.status == .ok) }
            for path in ["nope", "nope/1", "users/42"] { try await app.testing().test(.GET, path) { #expect($0.status == .notFound) } }
        }
        let exposition = await service.exposition()
        let count = "http_server_request_duration_seconds_count"
        #expect(exposition.value(count, ["http_route": "/orders/{id}", "http_response_status_code": "200"]) == 5)
        #expect(exposition.value(count, ["http_route": "/bad", "http_response_status_code": "400"]) == 1)
        #expect(exposition.value(count, ["http_route": "/boom", "http_response_status_code": "500"]) == 1)
        #expect(exposition.value(count, ["http_route": "/files/**", "http_response_status_code": "200"]) == 1)
        #expect(exposition.value(count, ["http_route": "_unmatched", "http_response_status_code": "404"]) == 3)
        #expect(exposition.matching(count).allSatisfy { !$0.labels["http_route"]!.contains("/orders/1") }, "never a raw path")
        let failure = try #require(service.records.first { $0["message"] as? String == "Request failed" })
        #expect(!String(describing: failure).contains("SECRET-HASH"), "the error log is redacted")
    }

    @Test func oneAccessLogLinePerRequestButNothingForProbes() async throws {
        let service = VaporTestApp()
        service.health.markStarted()
        try await self.withService(service) { app in
            try await app.testing().test(.GET, "orders/3") { _ in }
            for path in ["health/live", "health/ready", "health/startup", "livez", "readyz", "metrics"] {
                try await app.testing().test(.GET, path) { #expect($0.status == .ok, "\(path)") }
            }
        }
        let access = service.records.filter { $0["message"] as? String == "Request completed" }
        #expect(access.count == 1)
        let fields = try #require(access.first?["metadata"] as? [String: Any])
        #expect(fields["http.route"] as? String == "/orders/{id}")
        #expect(fields["http.response.status_code"] as? Int == 200)
        #expect(service.tracer.finishedSpans.map(\.operationName) == ["GET /orders/{id}"], "probes and scrapes are not traced")
        let exposition = await service.exposition()
        #expect(exposition.matching("http_server_request_duration_seconds_count").count == 1, "nor counted")
    }

    @Test func serverSpansContinueTheCallerAndLogLinesCarryThem() async throws {
        let service = VaporTestApp()
        try await self.withService(service) { app in
            let headers: HTTPHeaders = [InMemoryTracer.traceIDKey: "caller-trace", InMemoryTracer.spanIDKey: "caller-span", "X-Request-ID": "req-1"]
            try await app.testing().test(.GET, "orders/9", headers: headers) { _ in }
            try await app.testing().test(.GET, "boom") { _ in }
        }
        let spans = service.tracer.finishedSpans
        let ok = try #require(spans.first { $0.operationName == "GET /orders/{id}" })
        #expect(ok.kind == .server)
        #expect(ok.spanContext.traceID == "caller-trace")
        #expect(ok.attributes["request_id"]?.toSpanAttribute() == "req-1")
        #expect(ok.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
        let failed = try #require(spans.first { $0.operationName == "GET /boom" })
        #expect(failed.status?.code == .error)
        #expect(failed.errors.count == 1)
        for (span, message) in [(ok, "Order read"), (ok, "Request completed"), (failed, "Request failed")] {
            let line = service.records.first { $0["message"] as? String == message && $0["trace_id"] as? String == span.spanContext.traceID }
            #expect(line?["span_id"] as? String == span.spanContext.spanID, "\(message) carries its span")
        }
    }

    @Test func probesAnswerHEADAndMetricsPassPromtoolWithVaporsOwnMetricsOff() async throws {
        let service = VaporTestApp()
        try await self.withService(service) { app in
            #expect(app.http.server.configuration.reportMetrics == false, "Vapor's http_requests_total would count every request twice")
            try await app.testing().test(.GET, "orders/1") { _ in }
            try await app.testing().test(.HEAD, "metrics") { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
            try await app.testing().test(.HEAD, "health/ready") { #expect($0.status == .serviceUnavailable, "not started yet") }
            try await app.testing().test(.GET, "metrics") { response in
                #expect(response.headers.first(name: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
                let promtool = try await Promtool.checkMetrics(response.body.string)
                #expect(promtool.status == 0, "\(promtool.output)")
            }
        }
    }

    @Test func middlewareAddedBeforeStaysAndVaporsDefaultsAreReplaced() async throws {
        struct Stamp: AsyncMiddleware {
            func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
                let response = try await next.respond(to: request)
                response.headers.add(name: "X-Stamp", value: "1")
                return response
            }
        }
        let service = VaporTestApp()
        let configure: (Application) async throws -> Void = { app in
            app.middleware.use(Stamp())
            service.configure(app)
        }
        try await withApp(configure: configure) { app in
            let resolved = app.middleware.resolve()
            #expect(resolved.first is VitalsVaporMiddleware)
            #expect(!resolved.contains { $0 is RouteLoggingMiddleware || $0 is ErrorMiddleware })
            try await app.testing().test(.GET, "orders/1") { #expect($0.headers.first(name: "X-Stamp") == "1") }
        }
    }
}
