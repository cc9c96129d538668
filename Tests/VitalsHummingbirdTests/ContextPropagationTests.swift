import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import Logging
import Synchronization
import Testing
import Tracing
import VitalsTestSupport

@testable import Vitals
@testable import VitalsHummingbird

/// A request's trace and id follow the work it starts: into the handler's own tasks, across a queue into
/// the worker, and a job run is one span whose run id is on its log lines.
@Suite struct ContextPropagationTests {
    @Test func anEventEnqueuedByARequestIsHandledInItsTraceWithItsRequestID() async throws {
        let tracer = InMemoryTracer()
        let queue = Mutex<[[String: String]]>([])
        let router = Router()
        router.add(middleware: VitalsMiddleware(metrics: HTTPServerMetrics(signals: SignalRegistry()), tracer: tracer))
        router.post("/orders") { _, _ -> HTTPResponse.Status in
            #expect(RequestID.current == "req-42", "the handler can read the id to pass it on")
            let headers = Propagation.headers(instrument: tracer)
            queue.withLock { $0.append(headers) }
            return .accepted
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/orders", method: .post, headers: [HTTPField.Name(RequestID.headerName)!: "req-42"]) {
                #expect($0.status == .accepted)
            }
        }
        let headers = try #require(queue.withLock { $0.first })
        #expect(headers["x-request-id"] == "req-42")

        // The worker, later, in a task that never saw the request.
        let lines = CapturedLines()
        let logger = lines.jsonLogger(service: "inventory")
        let monitor = WorkerMonitor(name: "orders-worker", signals: SignalRegistry(), tracer: tracer)
        try await Task.detached {
            try await monitor.handle(handler: "confirm", eventType: "order.created", propagated: headers) {
                logger.info("Order confirmed")
            }
        }.value

        let request = try #require(tracer.finishedSpans.first { $0.operationName == "POST /orders" })
        let handling = try #require(tracer.finishedSpans.first { $0.operationName == "confirm order.created" })
        #expect(handling.kind == .consumer)
        #expect(handling.spanContext.traceID == request.spanContext.traceID, "the handling continues the request's trace")
        #expect(handling.spanContext.parentSpanID == request.spanContext.spanID)
        let line = try #require(lines.records.first { $0["message"] as? String == "Order confirmed" })
        #expect(line["request_id"] as? String == "req-42")
        #expect(line["trace_id"] as? String == request.spanContext.traceID)
    }

    @Test func aMalformedPropagatedRequestIDIsDropped() {
        let context = Propagation.context(from: ["x-request-id": "bad id\n{\"level\":\"error\"}"])
        #expect(context.requestID == nil)
    }

    @Test func aJobRunIsOneSpanAndItsRunIDIsOnItsLogLines() async throws {
        let tracer = InMemoryTracer()
        let lines = CapturedLines()
        let logger = lines.jsonLogger(service: "inventory")
        let jobs = JobMonitor(signals: SignalRegistry(), tracer: tracer)
        let runID = Mutex("")
        try await jobs.run("inventory-sync") { run in
            runID.withLock { $0 = run.id }
            logger.info("Synced")
            run.records = 12
        }
        struct Failed: Error {}
        await #expect(throws: Failed.self) { try await jobs.run("inventory-sync") { _ in throw Failed() } }

        let spans = tracer.finishedSpans.filter { $0.operationName == "job inventory-sync" }
        #expect(spans.count == 2)
        let succeeded = try #require(spans.first { $0.attributes["vitals.run_id"]?.toSpanAttribute() == .string(runID.withLock { $0 }) })
        #expect(succeeded.attributes["vitals.job.records"]?.toSpanAttribute() == 12)
        #expect(succeeded.status?.code != .error)
        let failed = try #require(spans.first { $0.spanContext.spanID != succeeded.spanContext.spanID })
        #expect(failed.status?.code == .error)
        #expect(failed.errors.count == 1)
        let line = try #require(lines.records.first { $0["message"] as? String == "Synced" })
        #expect(line["request_id"] as? String == runID.withLock { $0 })
        #expect(line["trace_id"] as? String == succeeded.spanContext.traceID)
    }
}
