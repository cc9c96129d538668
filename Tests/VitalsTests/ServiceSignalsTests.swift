import Metrics
import Testing
import VitalsTestSupport

@testable import Vitals

/// A service's own counters, gauges and histograms — declared with help and labels, capped like Vitals'
/// own — and what swift-metrics code records, all accepted by the real promtool.
@Suite struct ServiceSignalsTests {
    @Test func declaredSignalsAreExposedWithHelpAndAcceptedByPromtool() async throws {
        let signals = SignalRegistry()
        let lookups = try signals.counter("inventory_cache_lookups_total", help: "Cache lookups, by result.", labels: ["result"])
        let inFlight = try signals.gauge("inventory_imports_in_progress", help: "Imports running now.")
        let returned = try signals.histogram("inventory_search_results", help: "Results returned per search.", buckets: [0, 1, 5, 20])
        lookups.increment("hit")
        lookups.increment(by: 2, "miss")
        inFlight.set(3)
        inFlight.add(-1)
        returned.record(0)
        returned.record(7)

        let text = String(decoding: await signals.exposition(), as: UTF8.self)
        let samples = ExpositionSamples(text)
        #expect(samples.value("inventory_cache_lookups_total", ["result": "hit"]) == 1)
        #expect(samples.value("inventory_cache_lookups_total", ["result": "miss"]) == 2)
        #expect(samples.value("inventory_imports_in_progress") == 2)
        #expect(
            samples.value("inventory_search_results_bucket", ["le": "0.0"]) == 1 || samples.value("inventory_search_results_bucket", ["le": "0"]) == 1
        )
        #expect(samples.value("inventory_search_results_count") == 2)
        #expect(text.contains("# HELP inventory_cache_lookups_total Cache lookups, by result."))
        let promtool = try await Promtool.checkMetrics(text)
        #expect(promtool.status == 0, "\(promtool.output)")
    }

    @Test func declaringTheSameSignalTwiceIsOneSeriesAndAConflictIsRefused() throws {
        let signals = SignalRegistry()
        _ = try signals.counter("orders_created_total", help: "Orders created.", labels: ["channel"])
        _ = try signals.counter("orders_created_total", help: "Orders created.", labels: ["channel"])
        let conflict = #expect(throws: SignalDeclarationError.self) {
            try signals.gauge("orders_created_total", help: "Orders created.", labels: ["channel"])
        }
        #expect(conflict?.description.contains("already declared as a counter") == true)
    }

    @Test(arguments: [
        ("orders-created_total", "not a Prometheus metric name"),
        ("9lives_total", "not a Prometheus metric name"),
        ("orders_created", "call it 'orders_created_total'"),
        ("http_server_request_duration_seconds_total", ""),
        ("vitals_label_overflow_total", "signals contract"),
    ])
    func badDeclarationsAreRefusedSayingWhatToChange(name: String, expected: String) throws {
        let signals = SignalRegistry()
        if name == "http_server_request_duration_seconds_total" {
            // A fine name: the contract's is the histogram without `_total`.
            _ = try signals.counter(name, help: "h")
            return
        }
        let error = #expect(throws: SignalDeclarationError.self) { try signals.counter(name, help: "Some help.") }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains(name) == true, "names the metric")
    }

    @Test func badHelpLabelsAndBucketsAreRefused() {
        let signals = SignalRegistry()
        #expect(throws: SignalDeclarationError.self) { try signals.gauge("queue_depth", help: "  ") }
        #expect(throws: SignalDeclarationError.self) { try signals.gauge("queue_depth", help: "Depth.", labels: ["le"]) }
        #expect(throws: SignalDeclarationError.self) { try signals.gauge("queue_depth", help: "Depth.", labels: ["__name"]) }
        #expect(throws: SignalDeclarationError.self) { try signals.gauge("queue_depth", help: "Depth.", labels: ["a", "a"]) }
        #expect(throws: SignalDeclarationError.self) { try signals.gauge("queue_depth", help: "Depth.", labels: ["queue-name"]) }
        #expect(throws: SignalDeclarationError.self) { try signals.histogram("size_bytes", help: "Size.", buckets: [10, 5]) }
        #expect(throws: SignalDeclarationError.self) { try signals.histogram("size_bytes", help: "Size.", buckets: [.infinity]) }
        #expect(throws: SignalDeclarationError.self) { try signals.histogram("size_bytes", help: "Size.", buckets: []) }
    }

    @Test func labelValuesAreCappedLikeVitalsOwn() async throws {
        let signals = SignalRegistry(limits: LabelLimits(valuesPerLabel: 10))
        let lookups = try signals.counter("lookups_total", help: "Lookups by user (a mistake).", labels: ["user"])
        for user in 0..<50 { lookups.increment("user-\(user)") }
        let samples = ExpositionSamples(await signals.exposition())
        #expect(samples.matching("lookups_total").count == 11, "10 values and _other")
        #expect(samples.value("lookups_total", ["user": "_other"]) == 40)
        #expect(samples.value("vitals_label_overflow_total", ["metric": "lookups_total", "label": "user"]) == 40)
    }

    @Test func swiftMetricsGetHelpSanitisedNamesAndCaps() async throws {
        let signals = SignalRegistry(limits: LabelLimits(valuesPerLabel: 5))
        let factory = SwiftMetricsFactory(signals: signals)
        signals.describe("db.query-time", help: "Time spent in database queries.")
        Timer(label: "db.query-time", dimensions: [("db.operation", "select")], factory: factory).recordMilliseconds(12)
        for id in 0..<20 { Counter(label: "logins", dimensions: [("user", "u\(id)")], factory: factory).increment() }
        Gauge(label: "pool_in_use", factory: factory).record(4)

        let text = String(decoding: await signals.exposition(), as: UTF8.self)
        #expect(text.contains("# HELP db_query_time Time spent in database queries."))
        #expect(text.contains("# HELP logins_total logins, recorded through swift-metrics."), "a counter gets _total")
        let samples = ExpositionSamples(text)
        #expect(samples.value("db_query_time_count", ["db_operation": "select"]) == 1)
        #expect(samples.value("logins_total", ["user": "_other"]) == 15)
        #expect(samples.value("pool_in_use") == 4)
        let promtool = try await Promtool.checkMetrics(text)
        #expect(promtool.status == 0, "\(promtool.output)")
    }
}
