import VitalsBase

/// Small bar charts as inline SVG, drawn on the server: no JavaScript, readable in any browser.
struct SVGChart {
    struct Bar {
        /// nil draws nothing in its slot (e.g. a run still going has no duration).
        var value: Double?
        /// CSS class: `succeeded`, `failed`, `running`.
        var style: String
        /// Shown on hover.
        var title: String
    }

    var width = 320
    var height = 60
    var label: String

    /// Bars oldest to newest, left to right, scaled to the largest value.
    func render(_ bars: [Bar]) -> String {
        // A value that is not a number (a broken sample or row) is drawn as nothing: "cannot tell", not zero.
        let bars = bars.map { bar in bar.value?.isFinite == false ? Bar(value: nil, style: bar.style, title: bar.title) : bar }
        let largest = bars.compactMap(\.value).max() ?? 0
        let slot = bars.isEmpty ? 0 : Double(self.width) / Double(bars.count)
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-label=\"\(HTML.escape(self.label))\" width=\"\(self.width)\" height=\"\(self.height)\" viewBox=\"0 0 \(self.width) \(self.height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(HTML.escape(self.label))</title>"
        svg += "<line class=\"axis\" x1=\"0\" y1=\"\(self.height - 1)\" x2=\"\(self.width)\" y2=\"\(self.height - 1)\"/>"
        for (index, bar) in bars.enumerated() {
            guard let value = bar.value else { continue }
            // Zero still shows as a sliver: "ran, wrote 0 records" must not look like "did not run".
            let barHeight = largest > 0 ? max(2, (value / largest) * Double(self.height - 2)) : 2
            let x = Double(index) * slot + slot * 0.1
            svg +=
                "<rect class=\"\(bar.style)\" x=\"\(Self.number(x))\" y=\"\(Self.number(Double(self.height - 1) - barHeight))\" width=\"\(Self.number(max(1, slot * 0.8)))\" height=\"\(Self.number(barHeight))\"><title>\(HTML.escape(bar.title))</title></rect>"
        }
        return svg + "</svg>"
    }

    /// Two decimals at most: enough for pixels, short enough to keep pages small.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int64(rounding: rounded) ?? 0) : String(rounded)
    }
}
