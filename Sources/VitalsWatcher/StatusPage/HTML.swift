import Foundation
import VitalsBase
import VitalsCore

/// Escaping and small formatting helpers for the server-rendered status page.
enum HTML {
    /// Text safe inside elements and double-quoted attributes: evidence quotes program output.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    /// Evidence as HTML: escaped, with the links `watcher.links` made (`templates`, `{trace_id}` standing for
    /// a hexadecimal trace id) as anchors. Nothing else becomes a link: evidence quotes program output, and a
    /// URL a job printed is not one the watcher vouches for.
    static func evidence(_ text: String, templates: [String]) -> String {
        let parts = templates.compactMap { template -> (prefix: Substring, suffix: Substring)? in
            guard let placeholder = template.range(of: WatcherSettings.traceIDPlaceholder) else { return nil }
            return (template[..<placeholder.lowerBound], template[placeholder.upperBound...])
        }
        var output = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            // The earliest place a template's prefix, a trace id and its suffix stand.
            var found: (range: Range<Substring.Index>, url: Substring)?
            for (prefix, suffix) in parts where !prefix.isEmpty {
                var search = rest.startIndex..<rest.endIndex
                while let start = rest.range(of: prefix, range: search) {
                    let id = rest[start.upperBound...].prefix { $0.isHexDigit }
                    if !id.isEmpty, rest[id.endIndex...].hasPrefix(suffix) {
                        let end = rest.index(id.endIndex, offsetBy: suffix.count)
                        if found.map({ start.lowerBound < $0.range.lowerBound }) ?? true {
                            found = (start.lowerBound..<end, rest[start.lowerBound..<end])
                        }
                        break
                    }
                    search = start.upperBound..<rest.endIndex
                }
            }
            guard let (range, url) = found else { break }
            output += self.escape(String(rest[..<range.lowerBound])) + self.link(String(url), String(url))
            rest = rest[range.upperBound...]
        }
        return output + self.escape(String(rest))
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }

    /// `<a href>` for an http(s) URL, the text alone for anything else: a `javascript:` or `data:` link in a
    /// spec must never become something a click runs.
    static func link(_ url: String, _ text: String) -> String {
        let scheme = url.prefix { $0 != ":" }.lowercased()
        guard scheme == "http" || scheme == "https", url.contains("://") else { return self.escape(text) }
        return "<a href=\"\(self.escape(url))\">\(self.escape(text))</a>"
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "—" }
        guard value.isFinite else { return value.isNaN ? "unknown" : "∞" }
        if value < 1 { return "\(Int64(rounding: value * 1000) ?? 0) ms" }
        if value < 120 { return String(format: "%.1f s", value) }
        return String(format: "%.1f min", value / 60)
    }

    /// The page frame: refreshes itself every 15 s without JavaScript.
    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="15"><title>\(self.escape(title))</title>
        <style>
        body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d2430;background:#fafbfc}
        h1{font-size:20px}h2{font-size:16px;margin-top:28px}a{color:#0b57d0}
        table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:6px 8px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
        .state{display:inline-block;padding:1px 8px;border-radius:9px;font-weight:600;font-size:12px;color:#fff}
        .ok{background:#1a7f37}.firing{background:#cf222e}.pending{background:#bf8700}.silenced{background:#6e7781}
        .unknown{background:#8250df}.starting,.unchecked{background:#afb8c1}
        .evidence{color:#424a53}.muted{color:#6e7781}svg{display:block}
        svg .succeeded{fill:#2da44e}svg .failed{fill:#cf222e}svg .running{fill:#bf8700}svg .axis{stroke:#d0d7de}svg .mark line{stroke:#8250df;stroke-dasharray:4 3}svg .mark text{fill:#8250df;font-size:10px}
        polyline{stroke-width:1.5}polyline.s1{stroke:#0b57d0}polyline.s2{stroke:#bf8700}polyline.s3{stroke:#cf222e}
        figure{margin:0}.axis-labels{display:flex;justify-content:space-between;font-size:11px;color:#6e7781}figcaption{font-size:12px;color:#424a53}.legend::before{content:"━ ";font-weight:700}
        .legend.s1::before{color:#0b57d0}.legend.s2::before{color:#bf8700}.legend.s3::before{color:#cf222e}
        </style></head><body>
        \(body)
        </body></html>
        """
    }
}
