import Synchronization
import VitalsBase

/// Which traces leave the process when only a share of them is wanted: every trace whose trace id falls
/// within the ratio — decided from the id alone, so every Vitals service keeps the same ones and those are
/// whole — and, whatever the ratio, every trace in which this process failed (a span marked as an error)
/// or was slow (a local root span lasting ``slowerThan`` or more).
///
/// Head sampling cannot know at a request's start whether it will fail, so with a ratio below 1 the spans
/// are recorded and held until the trace's last local span ends; a trace neither in the ratio, failed nor
/// slow is then dropped without being exported.
package struct TraceKeeping: Sendable {
    /// The share of traces kept on their id alone, from 0 to 1.
    package var ratio: Double
    /// A trace with a local root span at least this long is kept; nil keeps none for being slow.
    package var slowerThan: Duration?
    /// Traces held at once, waiting for their last span; past it new traces are exported as they end
    /// (more than the ratio, never fewer of the failed and slow). Default 4,096.
    package var limit = 4096

    package init(ratio: Double, slowerThan: Duration?) {
        self.ratio = ratio
        self.slowerThan = slowerThan
    }

    /// Whether `traceID` (32 hex digits) is within the ratio: its low 56 bits, the random part of a W3C
    /// trace id, below the ratio's share of them.
    package func keeps(traceID: String) -> Bool {
        guard self.ratio < 1 else { return true }
        guard self.ratio > 0, let low = UInt64(traceID.suffix(14), radix: 16) else { return false }
        return Double(low) < self.ratio * 72_057_594_037_927_936  // 2^56
    }

    /// Whether a trace is kept given its id and what this process saw of it.
    package func keeps(traceID: String, failed: Bool, seconds: Double) -> Bool {
        failed || self.slowerThan.map { seconds >= $0.inSeconds } == true || self.keeps(traceID: traceID)
    }
}

/// The traces held by a ``KeepingTracer``: for each, its open spans, the ended spans waiting for the
/// decision (as the call that exports each), and whether something already decided to keep it.
final class HeldTraces: Sendable {
    private struct Held {
        var open = 0
        var keep = false
        var ended: [@Sendable () -> Void] = []
    }

    private let traces = Mutex<[String: Held]>([:])
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Holds one more open span of `traceID`; false (hold nothing) when ``TraceKeeping/limit`` traces are held.
    func open(_ traceID: String) -> Bool {
        self.traces.withLock { traces in
            if traces[traceID] == nil, traces.count >= self.limit { return false }
            traces[traceID, default: Held()].open += 1
            return true
        }
    }

    func keep(_ traceID: String) {
        self.traces.withLock { $0[traceID]?.keep = true }
    }

    /// A span of `traceID` ended; `export` ends it in the exporter. When it was the trace's last open span
    /// the trace is decided: kept (`keep` or marked before), everything held is exported; else dropped.
    func ended(_ traceID: String, keep: Bool, export: @escaping @Sendable () -> Void) {
        let exports: [@Sendable () -> Void] = self.traces.withLock { traces in
            guard var held = traces[traceID] else { return [export] }
            held.open -= 1
            held.keep = held.keep || keep
            held.ended.append(export)
            guard held.open <= 0 else {
                traces[traceID] = held
                return []
            }
            traces[traceID] = nil
            return held.keep ? held.ended : []
        }
        for export in exports { export() }
    }

    var count: Int { self.traces.withLock { $0.count } }
}
