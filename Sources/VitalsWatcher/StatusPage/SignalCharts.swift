import Foundation
import VitalsBase
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

    /// The deploys within the chart's minutes, as marks: "1.4.3" at the minute it started.
    static func deployMarks(_ rollups: [MinuteRollup], now: Int64) -> [LineChart.Mark] {
        let first = now - Int64(self.minutes) + 1
        var latest: [Date: (minute: Int64, deploy: Deploy)] = [:]
        for rollup in rollups where rollup.minute >= first && rollup.minute <= now {
            for deploy in rollup.deploys ?? [] { latest[deploy.at] = (Int64((deploy.at.timeIntervalSince1970 / 60).rounded(.down)), deploy) }
        }
        return latest.values.sorted { $0.deploy.at < $1.deploy.at }.map { minute, deploy in
            let from = deploy.from.map { " (was \($0))" } ?? ""
            return LineChart.Mark(
                index: Int(max(minute, first) - first),
                label: deploy.to,
                title:
                    "deploy: \(deploy.to)\(from) started \(HTML.time(deploy.at)) on \(deploy.instances.count) instance\(deploy.instances.count == 1 ? "" : "s")"
            )
        }
    }

    /// Requests per second, minute by minute; nil where no scrape succeeded.
    static func requestRate(_ rollups: [MinuteRollup], now: Int64) -> LineChart.Series {
        .init(
            name: "requests/s",
            style: "s1",
            values: self.aligned(rollups, now: now) { $0.scrapes > 0 ? $0.requests / 60 : nil },
            format: { String(format: "%.1f/s", $0) }
        )
    }

    static func backlog(_ rollups: [MinuteRollup], now: Int64) -> LineChart.Series {
        .init(name: "backlog", style: "s2", values: self.aligned(rollups, now: now) { $0.backlog }, format: { String(Int64(rounding: $0) ?? 0) })
    }

    static func api(_ rollups: [MinuteRollup], now: Int64) -> String {
        let scraped = { (rollup: MinuteRollup) in rollup.scrapes > 0 ? rollup : nil }
        let marks = self.deployMarks(rollups, now: now)
        let rate = LineChart(label: "requests per second, last 3 hours", marks: marks).render([self.requestRate(rollups, now: now)])
        let errors = LineChart(label: "5xx share of requests, last 3 hours", marks: marks).render([
            .init(
                name: "5xx",
                style: "s3",
                values: self.aligned(rollups, now: now) { rollup in
                    scraped(rollup).flatMap { $0.requests > 0 ? $0.errors / $0.requests : nil }
                },
                format: { String(format: "%.1f%%", $0 * 100) }
            )
        ])
        let quantiles = [("p50", 0.5, "s1"), ("p95", 0.95, "s2"), ("p99", 0.99, "s3")].map { name, q, style in
            LineChart.Series(
                name: name,
                style: style,
                values: self.aligned(rollups, now: now) { $0.latency.quantile(q)?.value },
                format: HTML.seconds
            )
        }
        let latency = LineChart(label: "latency p50, p95 and p99 per minute, last 3 hours", marks: marks).render(quantiles)
        return "<h2>Request rate</h2>\(rate)<h2>Error ratio</h2>\(errors)<h2>Latency</h2>\(latency)"
    }

    static func worker(_ rollups: [MinuteRollup], now: Int64) -> String {
        let chart = LineChart(
            label: "backlog, processing rate and failure rate, last 3 hours",
            sharedScale: false,
            marks: self.deployMarks(rollups, now: now)
        ).render([
            self.backlog(rollups, now: now),
            .init(
                name: "processed/s",
                style: "s1",
                values: self.aligned(rollups, now: now) { $0.scrapes > 0 ? ($0.handled - $0.failed) / 60 : nil },
                format: { String(format: "%.2f/s", $0) }
            ),
            .init(
                name: "failed/s",
                style: "s3",
                values: self.aligned(rollups, now: now) { $0.scrapes > 0 ? $0.failed / 60 : nil },
                format: { String(format: "%.2f/s", $0) }
            ),
        ])
        return "<h2>Backlog, processing and failures</h2>\(chart)"
    }

    /// Budget remaining over the SLO window and the 1-hour burn, minute by minute.
    static func slo(_ slo: ServiceLevelObjective, minutes: [SLOMinute], now: Int64) -> String {
        var html = "<h2>SLO</h2>"
        for (indicator, target) in slo.indicators {
            let sums = SLOTotals(minutes, indicator: indicator)
            var budget: [Double?] = []
            var burn: [Double?] = []
            for minute in (now - Int64(self.minutes) + 1)...now {
                let status = sums.totals(slo.window, endingAt: minute)
                let hour = sums.totals(.seconds(3600), endingAt: minute)
                budget.append(status.total > 0 ? 1 - status.bad / status.total / (1 - target) : nil)
                burn.append(hour.total > 0 ? hour.bad / hour.total / (1 - target) : nil)
            }
            let name =
                indicator == .availability
                ? "availability \(self.percent(target))" : "latency \(self.percent(target)) below \(DurationText.format(slo.latencyBelow ?? .zero))"
            html += "<h3>\(HTML.escape(name)) over \(DurationText.format(slo.window))</h3>"
            html += LineChart(label: "\(name): error budget remaining and 1-hour burn rate", sharedScale: false).render([
                .init(name: "budget remaining", style: "s1", values: budget, format: { String(format: "%.1f%%", $0 * 100) }),
                .init(name: "burn rate (1h)", style: "s3", values: burn, format: { String(format: "%.1f×", $0) }),
            ])
        }
        return html
    }

    static func percent(_ value: Double) -> String {
        let text = String(format: "%.3f", value * 100)
        return text.replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression) + "%"
    }
}
