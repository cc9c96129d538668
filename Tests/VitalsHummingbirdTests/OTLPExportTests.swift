import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing

@testable import Vitals
@testable import VitalsHummingbird

/// Spans leave the process over real OTLP/HTTP, continuing the caller's W3C trace.
@Suite struct OTLPExportTests {
    @Test func serverSpansAreExportedWithTheCallersTraceID() async throws {
        let received = Mutex<[[UInt8]]>([])
        let collectorRouter = Router()
        collectorRouter.post("/v1/traces") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 4 << 20)
            received.withLock { $0.append(Array(buffer: body)) }
            return .ok
        }
        let collector = Application(router: collectorRouter, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await collector.test(.live) { collectorClient in
            let tracing = try Vitals.makeTracing(endpoint: "http://127.0.0.1:\(collectorClient.port!)/v1/traces", configuration: .named("orders-api"))
            let app = TestApp()
            let group = ServiceGroup(services: [tracing.service], logger: Logger(label: "otel", factory: { _ in SwiftLogNoOpLogHandler() }))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await app.application(tracer: tracing.tracer).test(.router) { client in
                    let traceparent = HTTPField.Name("traceparent")!
                    try await client.execute(
                        uri: "/orders/5",
                        method: .get,
                        headers: [traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]
                    ) { #expect($0.status == .ok) }
                    try await client.execute(
                        uri: "/orders/5/items",
                        method: .get,
                        headers: [traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]
                    ) { #expect($0.status == .ok) }
                }
                await group.triggerGracefulShutdown()  // flushes the batch
                try await tasks.waitForAll()
            }
        }
        let exported = received.withLock { $0.flatMap { $0 } }
        let traceID: [UInt8] = [0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36]
        #expect(exported.count > 0, "the collector received an export")
        #expect(exported.contains(traceID), "the span continues the caller's trace")
        #expect(exported.contains(Array("GET /orders/{id}".utf8)))
        #expect(exported.contains(Array("orders-api".utf8)))
        #expect(exported.contains(Array("1.4.3".utf8)), "the resource carries service.version")
        // The database call is exported as its own span in the request's trace.
        let dependencyTrace: [UInt8] = [0x0a, 0xf7, 0x65, 0x19, 0x16, 0xcd, 0x43, 0xdd, 0x84, 0x48, 0xeb, 0x21, 0x1c, 0x80, 0x31, 0x9c]
        #expect(exported.contains(Array("SELECT orders-db".utf8)))
        #expect(exported.contains(Array("db.system.name".utf8)))
        #expect(exported.contains(dependencyTrace))
        #expect(exported.contains(Array("deployment.environment.name".utf8)))
    }
}

extension Vitals.Configuration {
    /// The defaults for service `name`, version 1.4.3.
    static func named(_ name: String) -> Self {
        var configuration = Self.default
        configuration.serviceName = name
        configuration.serviceVersion = "1.4.3"
        return configuration
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= self.count else { return false }
        return (0...(self.count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
