import Foundation
import Logging
import Testing
import VitalsProcess
import VitalsTestSupport

@testable import Vitals

@Suite struct JSONLogHandlerTests {
    func log(level: Logger.Level = .info, _ body: (Logger) -> Void) -> [[String: Any]] {
        let lines = CapturedLines()
        let handler = JSONLogHandler(
            label: "orders",
            service: "orders-api",
            environment: "production",
            level: level,
            output: .custom { lines.append($0) }
        )
        body(Logger(label: "orders", factory: { _ in handler }))
        return lines.all.map { line in
            #expect(line.hasSuffix("\n"))
            #expect(line.dropLast().contains("\n") == false, "one line per record")
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
    }

    @Test func theTraceIsPromotedAndItsFlagsLeftOut() throws {
        let records = self.log { logger in
            // What OTel's metadata provider adds inside a span.
            logger.info("read", metadata: ["trace_id": "4bf9", "span_id": "00f0", "trace_flags": "1", "order.id": "42"])
        }
        let record = try #require(records.first)
        #expect(record["trace_id"] as? String == "4bf9")
        #expect(record["span_id"] as? String == "00f0")
        #expect((record["metadata"] as? [String: Any])?.keys.sorted() == ["order.id"], "trace_flags says nothing a reader uses")
    }

    @Test func numbersAndBooleansStayWhatTheyAre() throws {
        let records = self.log { logger in
            logger.info(
                "done",
                metadata: [
                    "duration_ms": .stringConvertible(1.25), "status": .stringConvertible(503), "cached": .stringConvertible(true),
                    "infinite": .stringConvertible(Double.infinity), "order.id": "42",
                ]
            )
        }
        let metadata = try #require(records.first?["metadata"] as? [String: Any])
        #expect(metadata["duration_ms"] as? Double == 1.25)
        #expect(metadata["status"] as? Int == 503)
        #expect(metadata["cached"] as? Bool == true)
        #expect(metadata["infinite"] as? String == "inf", "JSON has no infinity: written as text")
        #expect(metadata["order.id"] as? String == "42", "a string stays a string")
    }

    @Test func eachLineCarriesTheContractFields() throws {
        let records = self.log { logger in
            var logger = logger
            logger[metadataKey: "request_id"] = "req-1"
            logger.info("order created", metadata: ["order.id": "42", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7"])
        }
        let record = try #require(records.first)
        #expect(record["level"] as? String == "info")
        #expect(record["service"] as? String == "orders-api")
        #expect(record["environment"] as? String == "production")
        #expect(record["logger"] as? String == "orders")
        #expect(record["message"] as? String == "order created")
        #expect(record["request_id"] as? String == "req-1")
        #expect(record["trace_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(record["span_id"] as? String == "00f067aa0ba902b7")
        #expect((record["metadata"] as? [String: Any])?["order.id"] as? String == "42")
        let timestamp = try #require(record["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
        let parsed = try #require(ISO8601DateFormatter.withFractionalSeconds.date(from: timestamp))
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
    }

    @Test func hostileTextStaysOneValidJSONLine() throws {
        let nasty = "quote \" backslash \\ newline \n tab \t bell \u{07} emoji 🚀 Zürich"
        let records = self.log { $0.info("\(nasty)", metadata: [nasty: .array([.string(nasty)])]) }
        let record = try #require(records.first)
        #expect(record["message"] as? String == nasty)
        #expect(((record["metadata"] as? [String: Any])?[nasty] as? [String])?.first == nasty)
    }

    @Test func levelBelowThresholdWritesNothing() {
        let records = self.log(level: .notice) { logger in
            logger.debug("hidden")
            logger.info("hidden")
            logger.notice("shown")
        }
        #expect(records.map { $0["message"] as? String } == ["shown"])
    }

    @Test func environmentOverridesConfiguration() {
        let (configuration, warnings) = Vitals.Configuration.default.applyingEnvironment([
            "OTEL_SERVICE_NAME": "billing", "VITALS_ENVIRONMENT": "staging", "LOG_LEVEL": "DEBUG",
            "VITALS_LOG_FORMAT": "console", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",
        ])
        #expect(warnings.isEmpty)
        #expect(configuration.serviceName == "billing")
        #expect(configuration.environment == "staging")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.logFormat == .console)
        #expect(configuration.tracesEndpoint == "http://127.0.0.1:4318/v1/traces")
        let specific = Vitals.Configuration.default.applyingEnvironment(["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/custom"]).0
        #expect(specific.tracesEndpoint == "http://c:4318/custom")
    }

    @Test func unreadableEnvironmentIsReportedNotFatal() {
        let (configuration, warnings) = Vitals.Configuration.default.applyingEnvironment(["LOG_LEVEL": "loud", "VITALS_LOG_FORMAT": "xml"])
        #expect(configuration.logLevel == .info)
        #expect(configuration.logFormat == .json)
        #expect(warnings.count == 2)
        #expect(warnings[0].contains("LOG_LEVEL=loud"))
    }
}

extension ISO8601DateFormatter {
    static var withFractionalSeconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
