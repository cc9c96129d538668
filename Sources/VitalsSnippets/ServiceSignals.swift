import Vitals

/// docs/library.md: a service's own signals.
func serviceSignals(hit: Bool, results: [String]) throws {
    // snippet
    let lookups = try Vitals.signals.counter("inventory_cache_lookups_total", help: "Cache lookups, by result.", labels: ["result"])
    let returned = try Vitals.signals.histogram("inventory_search_results", help: "Results per search.", buckets: [0, 1, 5, 20, 100])

    lookups.increment(hit ? "hit" : "miss")
    returned.record(Double(results.count))
    // end snippet
}

/// docs/library.md: swift-metrics code gets a help text.
func describeSwiftMetrics() {
    // snippet
    Vitals.signals.describe("db.query-time", help: "Time spent in database queries.")  // exposed as db_query_time
    // end snippet
}

/// docs/library.md: the request id, to pass on.
func currentRequestID() -> [(String, String)] {
    // snippet
    let headers = [(RequestID.headerName, RequestID.current ?? RequestID.generate())]
    // end snippet
    return headers
}

/// docs/library.md: redacting text of one's own.
func redactOwnText(error: any Error) -> String {
    // snippet
    let safe = Vitals.redactor.redact("\(error)")
    // end snippet
    return safe
}
