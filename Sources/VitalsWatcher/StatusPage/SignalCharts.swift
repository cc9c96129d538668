import Foundation
import VitalsCore

/// The charts of an API, a worker and an SLO, from minute rollups: what the detail page draws.
enum SignalCharts {
    /// Minutes shown: the board keeps three hours.
    static let minutes = ObservationBoard.chartMinutes

    /// Aligns rollups to the last `minutes` minutes ending at `now`; missing minutes are nil.
    static func aligned<T>(_ rollups: [MinuteRollup], now: Int64, _ value: (MinuteRollup) -> T?) -> [T?] {
        let byMinute = Dictionary(rollups.map { ($0.minute, $0) }, uniquingKeysWith: { $1 })
        return ((now - Int64(self.minutes) + 1)...now).map { byMinute[$0].flatMap(value) }
    }

    static func api(_ rollups: [MinuteRollup], now: Int64) -> String {
        let scraped = { (rollup: MinuteRollup) in rollup.scrapes > 0 ? rollup : nil }
        let rate = LineChart(label: "requests per second, last 3 hours").render([
            .init(name: "requests/s", style: "s1", values: self.aligned(rollups, now: now) { scraped($0).map { $0.requests / 60 } }, format: { String(format: "%.1f/s", $0) }),
        ])
        let errors = LineChart(label: "5xx share of requests, last 3 hours").render([
            .init(name: "5xx", style: "s3", values: self.aligned(rollups, now: now) { rollup in
                scraped(rollup).flatMap { $0.requests > 0 ? $0.errors / $0.requests : nil }
            }, format: { String(format: "%.1f%%", $0 * 100) }),
        ])
        let quantiles = [("p50", 0.5, "s1"), ("p95", 0.95, "s2"), ("p99", 0.99, "s3")].map { name, q, style in
            LineChart.Series(name: name, style: style, values: self.aligned(rollups, now: now) { $0.latency.quantile(q)?.value }, format: HTML.seconds)
        }
        let latency = LineChart(label: "latency p50, p95 and p99 per minute, last 3 hours").render(quantiles)
        return "<h2>Request rate</h2>\(rate)<h2>Error ratio</h2>\(errors)<h2>Latency</h2>\(latency)"
    }

    static func worker(_ rollups: [MinuteRollup], now: Int64) -> String {
        let chart = LineChart(label: "backlog, processing rate and failure rate, last 3 hours", sharedScale: false).render([
            .init(name: "backlog", style: "s2", values: self.aligned(rollups, now: now) { $0.backlog }, format: { String(Int($0)) }),
            .init(name: "processed/s", style: "s1", values: self.aligned(rollups, now: now) { $0.scrapes > 0 ? ($0.handled - $0.failed) / 60 : nil }, format: { String(format: "%.2f/s", $0) }),
            .init(name: "failed/s", style: "s3", values: self.aligned(rollups, now: now) { $0.scrapes > 0 ? $0.failed / 60 : nil }, format: { String(format: "%.2f/s", $0) }),
        ])
        return "<h2>Backlog, processing and failures</h2>\(chart)"
    }

    /// Budget remaining over the SLO window and the 1-hour burn, minute by minute.
    static func slo(_ slo: ServiceLevelObjective, minutes: [SLOMinute], now: Int64) -> String {
        var html = "<h2>SLO</h2>"
        for indicator in [SLOStatus.Indicator.availability, .latency] {
            guard let target = indicator == .availability ? slo.availability : slo.latencyTarget else { continue }
            let read: (SLOMinute) -> (Double, Double) = indicator == .availability ? { ($0.requests, $0.errors) } : { ($0.timed, max(0, $0.timed - $0.fast)) }
            let windowMinutes = Int64(slo.window.components.seconds / 60)
            let sums = PrefixSums(minutes, read)
            var budget: [Double?] = [], burn: [Double?] = []
            for minute in (now - Int64(self.minutes) + 1)...now {
                let status = sums.totals(from: minute - windowMinutes + 1, to: minute)
                let hour = sums.totals(from: minute - 59, to: minute)
                budget.append(status.total > 0 ? 1 - status.bad / status.total / (1 - target) : nil)
                burn.append(hour.total > 0 ? hour.bad / hour.total / (1 - target) : nil)
            }
            let name = indicator == .availability ? "availability \(self.percent(target))" : "latency \(self.percent(target)) below \(DurationText.format(slo.latencyBelow ?? .zero))"
            html += "<h3>\(HTML.escape(name)) over \(DurationText.format(slo.window))</h3>"
            html += LineChart(label: "\(name): error budget remaining and 1-hour burn rate", sharedScale: false).render([
                .init(name: "budget remaining", style: "s1", values: budget, format: { String(format: "%.1f%%", $0 * 100) }),
                .init(name: "burn rate (1h)", style: "s3", values: burn, format: { String(format: "%.1f×", $0) }),
            ])
        }
        return html
    }

    /// Totals over any range of minutes in O(log n): 180 points of a 30-day budget stay cheap to draw.
    struct PrefixSums {
        let keys: [Int64]
        let total: [Double], bad: [Double]

        init(_ minutes: [SLOMinute], _ read: (SLOMinute) -> (Double, Double)) {
            let sorted = minutes.sorted { $0.minute < $1.minute }
            self.keys = sorted.map(\.minute)
            var total = [0.0], bad = [0.0]
            for minute in sorted {
                let (t, b) = read(minute)
                total.append(total.last! + t)
                bad.append(bad.last! + b)
            }
            (self.total, self.bad) = (total, bad)
        }

        /// Index of the first key ≥ `minute`.
        private func index(_ minute: Int64) -> Int {
            var low = 0, high = self.keys.count
            while low < high {
                let middle = (low + high) / 2
                if self.keys[middle] < minute { low = middle + 1 } else { high = middle }
            }
            return low
        }

        func totals(from first: Int64, to last: Int64) -> (total: Double, bad: Double) {
            let lower = self.index(first), upper = self.index(last + 1)
            return (self.total[upper] - self.total[lower], self.bad[upper] - self.bad[lower])
        }
    }

    static func percent(_ value: Double) -> String {
        let text = String(format: "%.3f", value * 100)
        return text.replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression) + "%"
    }
}
