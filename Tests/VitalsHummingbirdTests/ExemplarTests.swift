import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Prometheus
import Synchronization
import Testing
import Tracing
import VitalsProcess
import VitalsTestSupport

@testable import Vitals
@testable import VitalsHummingbird

/// `/metrics` in OpenMetrics carries the trace of a sampled request in each duration bucket it fell in,
/// checked by a strict OpenMetrics parser (prometheus_client's); the text format stays as promtool reads it.
@Suite struct ExemplarTests {
    static let prometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
    static let traceparent = HTTPField.Name("traceparent")!

    @Test func sampledRequestsAndTheirDatabaseCallsAreTheExemplarsOfTheirBuckets() async throws {
        // swift-otel's real tracer (W3C, parent-based sampling); its exporter is never run: spans are not the point here.
        let tracing = try Vitals.makeTracing(endpoint: "http://127.0.0.1:9/v1/traces", configuration: .named("orders-api"))
        let app = TestApp()
        let bodies = Mutex((openMetrics: "", text: ""))
        try await app.application(tracer: tracing.tracer).test(.router) { client in
            try await client.execute(
                uri: "/orders/5",
                method: .get,
                headers: [Self.traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/orders/5/items",
                method: .get,
                headers: [Self.traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]
            ) { #expect($0.status == .ok) }
            // The caller did not sample this one: no span is exported, so no exemplar may point at it.
            try await client.execute(
                uri: "/bad",
                method: .get,
                headers: [Self.traceparent: "00-11111111111111111111111111111111-2222222222222222-00"]
            ) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/metrics", method: .get, headers: [.accept: Self.prometheusAccept]) { response in
                #expect(response.headers[.contentType] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
                bodies.withLock { $0.openMetrics = String(buffer: response.body) }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8", "curl gets the text format")
                bodies.withLock { $0.text = String(buffer: response.body) }
            }
        }
        let (openMetrics, text) = bodies.withLock { $0 }

        #expect(openMetrics.hasSuffix("# EOF\n"))
        let exemplars = try await Self.strictlyParsed(openMetrics)
        let request = try #require(exemplars.first { $0.trace == "4bf92f3577b34da6a3ce929d0e0e4736" }, "\(exemplars)")
        #expect(request.sample == "http_server_request_duration_seconds_bucket")
        #expect(request.labels["http_route"] == "/orders/{id}" && request.labels["http_response_status_code"] == "200")
        #expect(request.span.count == 16 && request.span != "00f067aa0ba902b7", "the server span's own id, not the caller's")
        #expect(request.value > 0 && request.value <= (Double(request.labels["le"] ?? "") ?? 0), "the value falls in its bucket")
        let query = try #require(exemplars.first { $0.trace == "0af7651916cd43dd8448eb211c80319c" && $0.sample.hasPrefix("db_client") })
        #expect(query.labels["db_operation_name"] == "SELECT" && query.labels["server_address"] == "orders-db")
        #expect(!exemplars.contains { $0.trace == "11111111111111111111111111111111" }, "an unsampled trace is never an exemplar")

        #expect(!text.contains(" # {"), "the text format has no exemplars")
        let lint = try await Promtool.checkMetrics(text)
        #expect(lint.status == 0, "\(lint.output)")
    }

    /// prometheus_client's OpenMetrics parser over `exposition`: it refuses anything that is not OpenMetrics
    /// (a missing `# EOF`, a counter family named with `_total`, a malformed exemplar).
    static func strictlyParsed(
        _ exposition: String
    ) async throws -> [(sample: String, labels: [String: String], trace: String, span: String, value: Double)] {
        let script = """
            import json, sys
            from prometheus_client.openmetrics.parser import text_string_to_metric_families
            found = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for sample in family.samples:
                    if sample.exemplar:
                        found.append({"sample": sample.name, "labels": sample.labels, "exemplar": sample.exemplar.labels, "value": sample.exemplar.value})
            print(json.dumps(found))
            """
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], input: Data(exposition.utf8))
        try #require(result.status == 0, "prometheus_client refused the exposition: \(result.errors)")
        let found = try #require(try JSONSerialization.jsonObject(with: result.outputData) as? [[String: Any]])
        return found.map { entry in
            let exemplar = entry["exemplar"] as? [String: String] ?? [:]
            return (
                entry["sample"] as? String ?? "", entry["labels"] as? [String: String] ?? [:], exemplar["trace_id"] ?? "", exemplar["span_id"] ?? "",
                entry["value"] as? Double ?? -1
            )
        }
    }

    @Test func counterFamiliesAreNamedAsOpenMetricsNamesThem() async throws {
        let signals = SignalRegistry()
        signals.prometheus.counter("orders_created_total", help: "Orders created.").increment()
        signals.prometheus.counter("legacy_events", help: "A \"counter\" without the suffix.").increment()
        let exposition = String(decoding: await signals.exposition(format: .openMetrics), as: UTF8.self)
        #expect(exposition.contains("# TYPE orders_created counter\n"))
        #expect(exposition.contains("\norders_created_total 1\n"), "the series keeps its name")
        #expect(exposition.contains("# TYPE legacy_events unknown\n"))
        #expect(exposition.contains(#"# HELP legacy_events A \"counter\" without the suffix."#))
        _ = try await Self.strictlyParsed(exposition)
    }

    @Test(arguments: [
        (ExemplarTests.prometheusAccept, MetricsFormat.openMetrics),
        ("application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", .openMetrics),
        ("text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5", .prometheusText),
        ("application/openmetrics-text; q=0", .prometheusText),
        ("application/openmetrics-text; q=nan", .prometheusText),
        ("*/*", .prometheusText),
        ("", .prometheusText),
        (",;;,q=", .prometheusText),
    ])
    func theFormatFollowsTheAcceptHeader(accept: String, format: MetricsFormat) {
        #expect(MetricsFormat.negotiate(accept: accept) == format)
    }

    @Test(arguments: [
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", true),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", false),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", false),
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", false),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736\"}-00f067aa0ba902b7-01", false),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", false),
        ("", false),
    ])
    func onlyWellFormedSampledTraceparentsMakeExemplars(traceparent: String, accepted: Bool) {
        #expect((TraceReference(traceparent: traceparent) != nil) == accepted)
    }

    @Test func anExemplarIsReplacedAtMostOncePerSecondPerBucket() {
        let now = Mutex(1_000.0)
        let book = ExemplarBook(clock: WallClock { now.withLock { $0 } })
        let first = TraceReference(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        let second = TraceReference(traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        let reads = Mutex(0)
        func offer(_ trace: TraceReference?, _ value: Double) {
            book.offer(name: "d", labels: [("route", #"/a"b\"#)], buckets: [0.1, 1], value: value) {
                reads.withLock { $0 += 1 }
                return trace
            }
        }
        let series = ExemplarBook.bucketSeries(name: "d", labels: [("route", #"/a"b\"#)], le: "1.0")
        #expect(series == #"d_bucket{route="/a\"b\\",le="1.0"}"#, "as swift-prometheus escapes label values")
        offer(first, 0.5)
        offer(second, 0.6)
        #expect(book.exemplar(series: series)?.trace == first, "within the second the first stays")
        #expect(reads.withLock { $0 } == 1, "and the trace context is not even read")
        now.withLock { $0 += 1 }
        offer(second, 0.6)
        #expect(book.exemplar(series: series)?.trace == second)
        offer(first, 5)
        #expect(book.exemplar(series: #"d_bucket{route="/a\"b\\",le="+Inf"}"#)?.value == 5, "past the last bound is +Inf")
        offer(first, .nan)
        offer(first, .infinity)
        #expect(book.exemplar(series: #"d_bucket{route="/a\"b\\",le="+Inf"}"#)?.value == 5, "non-finite values are no exemplars")
    }

    @Test func aClientThatTracesItselfSendsOneTraceparent() async throws {
        let tracing = try Vitals.makeTracing(endpoint: "http://127.0.0.1:9/v1/traces", configuration: .named("orders-api"))
        let seen = Mutex<[String]>([])
        let calleeRouter = Router()
        calleeRouter.post("/charges") { request, _ -> HTTPResponse.Status in
            seen.withLock { $0 = request.headers[values: Self.traceparent] }
            return .created
        }
        let callee = Application(router: calleeRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await callee.test(.live) { calleeClient in
            var configuration = HTTPClient.Configuration()
            configuration.tracing.tracer = tracing.tracer
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            let dependencies = Dependencies(signals: SignalRegistry(), tracer: tracing.tracer)
            let span = tracing.tracer.startSpan("POST /orders", context: .topLevel, ofKind: .server)
            var charge = HTTPClientRequest(url: "http://127.0.0.1:\(calleeClient.port!)/charges")
            charge.method = .POST
            let response = try await ServiceContext.$current.withValue(span.context) {
                try await client.execute(charge, timeout: .seconds(10), dependencies: dependencies, server: "payments")
            }
            span.end()
            try await client.shutdown()
            #expect(response.status == .created)
            let caller = try #require(Propagation.headers(from: span.context, instrument: tracing.tracer)["traceparent"])
            let sent = seen.withLock { $0 }
            #expect(sent.count == 1, "two would make the callee start a new trace: \(sent)")
            #expect(sent.first?.split(separator: "-")[1] == caller.split(separator: "-")[1], "the callee continues the caller's trace")
        }
    }
}
