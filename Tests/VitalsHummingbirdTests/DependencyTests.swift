import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import Tracing
import VitalsSignals
import VitalsTestSupport
import VitalsTesting

@testable import Vitals
@testable import VitalsHummingbird

/// Calls to dependencies are measured as the conventions name them, are children of the request's span,
/// and hand the trace and request id to the next service over real HTTP.
@Suite struct DependencyTests {
    struct LockTimeout: Error {}

    @Test func aRequestsDatabaseAndHTTPCallsAreChildSpansWithConventionMetrics() async throws {
        let tracer = InMemoryTracer()
        let signals = SignalRegistry()
        let dependencies = Dependencies(signals: signals, tracer: tracer)
        let seenByPayments = Mutex<[String: String]>([:])
        // The second service: a real HTTP server on loopback that remembers what it was sent.
        let paymentsRouter = Router()
        paymentsRouter.post("/charges") { request, _ -> HTTPResponse.Status in
            seenByPayments.withLock { seen in
                for field in request.headers { seen[field.name.canonicalName] = field.value }
            }
            return .created
        }
        paymentsRouter.post("/refunds") { _, _ -> HTTPResponse.Status in .serviceUnavailable }
        let payments = Application(router: paymentsRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await payments.test(.live) { paymentsClient in
            let port = try #require(paymentsClient.port)
            let router = Router()
            router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: signals), tracer: tracer))
            router.post("/orders") { _, _ -> HTTPResponse.Status in
                try await dependencies.database(system: "postgresql", operation: "INSERT", server: "orders-db") {}
                await #expect(throws: LockTimeout.self) {
                    try await dependencies.database(system: "postgresql", operation: "UPDATE", server: "orders-db") { throw LockTimeout() }
                }
                var charge = HTTPClientRequest(url: "http://127.0.0.1:\(port)/charges")
                charge.method = .POST
                let created = try await HTTPClient.shared.execute(charge, timeout: .seconds(10), dependencies: dependencies, server: "payments")
                #expect(created.status == .created)
                var refund = HTTPClientRequest(url: "http://127.0.0.1:\(port)/refunds")
                refund.method = .POST
                let refused = try await HTTPClient.shared.execute(refund, timeout: .seconds(10), dependencies: dependencies)
                #expect(refused.status == .serviceUnavailable)
                return .created
            }
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/orders", method: .post, headers: [HTTPField.Name(RequestID.headerName)!: "req-7"]) {
                    #expect($0.status == .created)
                }
            }
        }

        let request = try #require(tracer.finishedSpans.first { $0.operationName == "POST /orders" })
        let insert = try #require(tracer.finishedSpans.first { $0.operationName == "INSERT orders-db" })
        #expect(insert.kind == .client)
        #expect(insert.spanContext.parentSpanID == request.spanContext.spanID, "the call is a child of the request")
        #expect(insert.attributes["db.system.name"]?.toSpanAttribute() == .string("postgresql"))
        let update = try #require(tracer.finishedSpans.first { $0.operationName == "UPDATE orders-db" })
        #expect(update.status?.code == .error)
        #expect(update.attributes["error.type"]?.toSpanAttribute() == .string("LockTimeout"))
        let charge = try #require(
            tracer.finishedSpans.first { $0.operationName == "POST" && $0.attributes["server.address"]?.toSpanAttribute() == .string("payments") }
        )
        #expect(charge.spanContext.parentSpanID == request.spanContext.spanID)
        #expect(charge.attributes["http.response.status_code"]?.toSpanAttribute() == 201)

        let seen = seenByPayments.withLock { $0 }
        #expect(seen["x-request-id"] == "req-7", "the next service logs the same request id")
        #expect(seen[InMemoryTracer.traceIDKey] == request.spanContext.traceID, "and continues the trace")
        #expect(seen[InMemoryTracer.spanIDKey] == charge.spanContext.spanID, "with the client span as its parent")

        let exposition = ExpositionSamples(await signals.exposition())
        let db = "db_client_operation_duration_seconds_count"
        #expect(
            exposition.value(db, ["db_system_name": "postgresql", "db_operation_name": "INSERT", "server_address": "orders-db", "error_type": ""])
                == 1
        )
        #expect(exposition.value(db, ["db_operation_name": "UPDATE", "error_type": "LockTimeout"]) == 1)
        let http = "http_client_request_duration_seconds_count"
        #expect(
            exposition.value(
                http,
                ["server_address": "payments", "http_request_method": "POST", "http_response_status_code": "201", "error_type": ""]
            ) == 1
        )
        #expect(
            exposition.value(http, ["server_address": "127.0.0.1", "http_response_status_code": "503", "error_type": "503"]) == 1,
            "a 5xx is an error, and the server defaults to the URL's host"
        )
    }

    @Test func aRequestThatNeverGotAnAnswerIsStatusZeroWithItsErrorType() async throws {
        let signals = SignalRegistry()
        let dependencies = Dependencies(signals: signals, tracer: InMemoryTracer())
        let listener = try BlackholeListener()
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(listener.port)/charges")
        request.method = .GET
        await #expect(throws: (any Error).self) {
            _ = try await HTTPClient.shared.execute(request, timeout: .milliseconds(200), dependencies: dependencies, server: "payments")
        }
        let samples = ExpositionSamples(await signals.exposition()).matching(
            "http_client_request_duration_seconds_count",
            ["server_address": "payments"]
        )
        #expect(samples.count == 1)
        #expect(samples.first?.labels["http_response_status_code"] == "0")
        #expect(samples.first?.labels["error_type"]?.isEmpty == false)
    }

    @Test func cacheLookupsCountHitsMissesAndErrors() async {
        let signals = SignalRegistry()
        let dependencies = Dependencies(signals: signals, tracer: InMemoryTracer())
        #expect(await dependencies.cache("prices") { 12 } == 12)
        #expect(await dependencies.cache("prices") { Int?.none } == nil)
        await #expect(throws: LockTimeout.self) { try await dependencies.cache("prices") { () throws -> Int? in throw LockTimeout() } }
        let exposition = ExpositionSamples(await signals.exposition())
        for result in Signal.Dependency.CacheResult.allCases {
            #expect(exposition.value("vitals_cache_lookups_total", ["cache": "prices", "result": result.rawValue]) == 1, "\(result)")
        }
    }

    @Test func aPoolIsSampledAtScrapeTimeAndAHungProviderReadsAsUnknown() async {
        let signals = SignalRegistry(samplerDeadline: .seconds(20))
        let dependencies = Dependencies(signals: signals, tracer: InMemoryTracer())
        dependencies.registerPool(name: "orders-db", timeout: .seconds(10)) { PoolUsage(used: 3, idle: 7, max: 20) }
        dependencies.registerPool(name: "reports-db", timeout: .milliseconds(50)) {
            try await Task.sleep(for: .seconds(30))
            return PoolUsage(used: 0, idle: 0, max: 0)
        }
        dependencies.recordPoolWait(name: "orders-db", seconds: 0.02)
        let exposition = ExpositionSamples(await signals.exposition())
        let count = "db_client_connection_count"
        #expect(exposition.value(count, ["db_client_connection_pool_name": "orders-db", "db_client_connection_state": "used"]) == 3)
        #expect(exposition.value(count, ["db_client_connection_pool_name": "orders-db", "db_client_connection_state": "idle"]) == 7)
        #expect(exposition.value("db_client_connection_max", ["db_client_connection_pool_name": "orders-db"]) == 20)
        #expect(exposition.value(count, ["db_client_connection_pool_name": "reports-db", "db_client_connection_state": "used"])?.isNaN == true)
        #expect(exposition.value("db_client_connection_wait_time_seconds_count", ["db_client_connection_pool_name": "orders-db"]) == 1)
    }

    @Test func theBuildIsPublishedForTheWatcherToSeeDeploys() async {
        let signals = SignalRegistry()
        signals.recordBuild(version: "1.4.3", revision: "9f2c1e0")
        #expect(ExpositionSamples(await signals.exposition()).value("vitals_build_info", ["version": "1.4.3", "revision": "9f2c1e0"]) == 1)
        let (configuration, warnings) = Vitals.Configuration.default.applyingEnvironment([
            "OTEL_SERVICE_VERSION": "2.0.1", "VITALS_REVISION": "abc", "OTEL_TRACES_SAMPLER_ARG": "0.05",
        ])
        #expect(warnings.isEmpty)
        #expect(configuration.serviceVersion == "2.0.1")
        #expect(configuration.revision == "abc")
        #expect(configuration.traceSampleRatio == 0.05)
        let refused = Vitals.Configuration.default.applyingEnvironment(["OTEL_TRACES_SAMPLER_ARG": "5%"])
        #expect(refused.0.traceSampleRatio == 1)
        #expect(refused.warnings == ["OTEL_TRACES_SAMPLER_ARG=5% is not a ratio from 0 to 1; using 1.0"])
    }
}
