// In-process figures for scripts/bench-library: the cost of the recording path per request, and the
// allocations and time of log calls through the Vitals JSON handler next to swift-log's StreamLogHandler.
// Allocation counts come from Benchmarks/malloc-count, preloaded by the script.
import Foundation
import Instrumentation
import Logging
import ServiceContextModule
import Vitals

typealias CountFunction = @convention(c) () -> Int
let countSymbol = dlsym(dlopen(nil, RTLD_NOW), "vitals_malloc_count")
let mallocCount: () -> Int? = {
    guard let countSymbol else { return nil }
    return unsafeBitCast(countSymbol, to: CountFunction.self)()
}

func measure(iterations: Int, _ body: () -> Void) -> (nanoseconds: Double, allocations: Double?) {
    for _ in 0..<iterations / 10 { body() }  // warm caches and lazily made series
    let allocationsBefore = mallocCount()
    let start = ContinuousClock.now
    for _ in 0..<iterations { body() }
    let elapsed = ContinuousClock.now - start
    let allocationsAfter = mallocCount()
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    let allocations = allocationsBefore.flatMap { before in allocationsAfter.map { Double($0 - before) / Double(iterations) } }
    return (nanoseconds / Double(iterations), allocations)
}

func row(
    _ name: String,
    _ figure: (nanoseconds: Double, allocations: Double?),
    target: String,
    peer: (String, (nanoseconds: Double, allocations: Double?))?
) {
    let allocations = figure.allocations.map { String(format: "%.2f", $0) } ?? "n/a"
    var line = String(
        format: "%-44@ %9.1f ns  %6@ allocs  target %-14@",
        name as NSString,
        figure.nanoseconds,
        allocations as NSString,
        target as NSString
    )
    if let (peerName, peerFigure) = peer {
        line += String(format: "  vs %@ %.1f ns (ratio %.2f)", peerName, peerFigure.nanoseconds, figure.nanoseconds / peerFigure.nanoseconds)
        if let theirs = peerFigure.allocations { line += String(format: ", %.2f allocs", theirs) }
    }
    print(line)
}

let iterations = 1_000_000
let devNull = open("/dev/null", O_WRONLY)
let output = LogOutput.custom { line in _ = line.withUnsafeBytes { write(devNull, $0.baseAddress, $0.count) } }
let vitalsHandler = JSONLogHandler(label: "bench", service: "bench", environment: "bench", level: .info, output: output)
let vitalsLogger = Logger(label: "bench", factory: { _ in vitalsHandler })
let streamLogger = Logger(
    label: "bench",
    factory: { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .info
        return handler
    }
)
let orderID = 42

if mallocCount() == nil { print("note: run through scripts/bench-library to count allocations (LD_PRELOAD malloc-count)") }

let disabledVitals = measure(iterations: iterations) { vitalsLogger.debug("Order read", metadata: ["order.id": "\(orderID)"]) }
let disabledStream = measure(iterations: iterations) { streamLogger.debug("Order read", metadata: ["order.id": "\(orderID)"]) }
row("disabled log call (debug below info)", disabledVitals, target: "0 allocs", peer: ("StreamLogHandler", disabledStream))

let enabledVitals = measure(iterations: iterations / 10) { vitalsLogger.info("Order read", metadata: ["order.id": "\(orderID)"]) }
let enabledRedacting = measure(iterations: iterations / 10) {
    vitalsLogger.info("Login", metadata: ["authorization": "Bearer abcdefgh12345678", "url": "postgres://u:p@db/x"])
}
row("enabled JSON log line to /dev/null", enabledVitals, target: "-", peer: nil)
row("enabled JSON log line with redaction", enabledRedacting, target: "-", peer: nil)

let signals = SignalRegistry()
let metrics = HTTPServerMetrics(signals: signals)
let recording = measure(iterations: iterations) {
    let request = metrics.requestStarted(method: "GET")
    metrics.requestFinished(request, route: "/orders/{id}", status: 200, seconds: 0.0012)
}
let requestID = measure(iterations: iterations) { _ = RequestID.accept(nil) }
row("HTTP signals recorded per request", recording, target: "< 1000 ns", peer: nil)

/// What a W3C tracer writes for a sampled request: enough for the exemplar path, without a tracer's own cost.
struct SampledTraceparent: Instrument {
    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {}
    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        injector.inject("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", forKey: "traceparent", into: &carrier)
    }
}
let sampled = SampledTraceparent()
let traced = measure(iterations: iterations) {
    let request = metrics.requestStarted(method: "GET")
    metrics.requestFinished(request, route: "/orders/{id}", status: 200, seconds: 0.0012, context: .topLevel, instrument: sampled)
}
row("… of a sampled request (exemplar offered)", traced, target: "< 1000 ns", peer: ("untraced", recording))
row("request id generated per request", requestID, target: "-", peer: nil)
