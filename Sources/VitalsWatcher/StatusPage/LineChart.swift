/// Line charts over minutes as inline SVG: rates, ratios, quantiles, backlog, budget. Drawn on the
/// server like ``SVGChart``; a gap in the data (no scrape that minute) is a gap in the line, not a zero.
struct LineChart {
    struct Series {
        var name: String
        /// CSS class for the stroke: `s1`, `s2`, `s3`.
        var style: String
        /// One value per minute of the chart's range; nil where nothing was seen.
        var values: [Double?]
        /// How the legend prints the latest and largest value.
        var format: (Double) -> String
    }

    var width = 640
    var height = 120
    var label: String
    /// One scale for every series (latency quantiles), or each series to its own largest value (backlog
    /// beside a rate), with the legend giving each one's range.
    var sharedScale = true
    /// Labels under the ends of the time axis.
    var axis: (start: String, end: String)? = ("3 h ago", "now")
    /// Events drawn across the chart at their minute, such as deploys.
    var marks: [Mark] = []

    /// A dashed vertical line at minute `index` of the range, labelled, with `title` on hover.
    struct Mark {
        var index: Int
        var label: String
        var title: String
    }

    func render(_ series: [Series]) -> String {
        // A value that is not a number (a NaN backlog, an infinite sample) cannot be drawn: it is a gap, as
        // for a minute with no scrape, and the legend says "unknown".
        let series = series.map { line in
            var line = line
            line.values = line.values.map { $0.flatMap { $0.isFinite ? $0 : nil } }
            return line
        }
        let plotHeight = Double(self.height - 4)
        let count = series.map(\.values.count).max() ?? 0
        let step = count > 1 ? Double(self.width) / Double(count - 1) : 0
        let all = series.flatMap { $0.values.compactMap { $0 } }
        var svg =
            "<svg class=\"chart line\" role=\"img\" aria-label=\"\(HTML.escape(self.label))\" width=\"\(self.width)\" height=\"\(self.height)\" viewBox=\"0 0 \(self.width) \(self.height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(HTML.escape(self.label))</title>"
        svg += "<line class=\"axis\" x1=\"0\" y1=\"\(self.height - 1)\" x2=\"\(self.width)\" y2=\"\(self.height - 1)\"/>"
        for mark in self.marks where (0..<max(count, 1)).contains(mark.index) {
            // On a pixel's centre, so the 1-pixel dashes are drawn crisp rather than smeared over two columns.
            let x = SVGChart.number((Double(mark.index) * step).rounded(.down) + 0.5)
            // Near the right edge the label goes to the left of the line, so it stays inside the chart.
            let (labelX, anchor) = Double(mark.index) * step > Double(self.width) - 60 ? (-3.0, "end") : (3.0, "start")
            svg += "<g class=\"mark\"><title>\(HTML.escape(mark.title))</title>"
            svg += "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(self.height)\"/>"
            svg +=
                "<text x=\"\(SVGChart.number(Double(mark.index) * step + labelX))\" y=\"10\" text-anchor=\"\(anchor)\">\(HTML.escape(mark.label))</text></g>"
        }
        for line in series {
            // From zero (or the lowest value, when negative: an overspent budget) to the largest.
            let values = self.sharedScale ? all : line.values.compactMap { $0 }
            let bottom = min(0, values.min() ?? 0)
            let range = (values.max() ?? 0) - bottom
            var segments: [[(x: Double, y: Double)]] = [[]]
            for (index, value) in line.values.enumerated() {
                guard let value else {
                    if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                    continue
                }
                let y = range > 0 ? plotHeight - (value - bottom) / range * (plotHeight - 2) + 2 : plotHeight + 2
                segments[segments.count - 1].append((Double(index) * step, y))
            }
            for points in segments where !points.isEmpty {
                // A lone minute still shows: a polyline of one point draws nothing.
                let drawn = points.count == 1 ? [points[0], (points[0].x + 1.5, points[0].y)] : points
                let text = drawn.map { "\(SVGChart.number($0.x)),\(SVGChart.number($0.y))" }.joined(separator: " ")
                svg += "<polyline class=\"\(line.style)\" fill=\"none\" points=\"\(text)\"><title>\(HTML.escape(line.name))</title></polyline>"
            }
        }
        svg += "</svg>"
        let legend = series.map { line in
            let values = line.values.compactMap { $0 }
            let latest = values.last.map(line.format) ?? "—"
            let largest = values.max().map(line.format) ?? "—"
            return "<span class=\"legend \(line.style)\">\(HTML.escape(line.name)): \(HTML.escape(latest)) now, \(HTML.escape(largest)) max</span>"
        }.joined(separator: " ")
        let axis =
            self.axis.map { "<div class=\"axis-labels\" style=\"width:\(self.width)px\"><span>\($0.start)</span><span>\($0.end)</span></div>" } ?? ""
        return "<figure>\(svg)\(axis)<figcaption>\(legend)</figcaption></figure>"
    }
}
