import Foundation

/// PromQL literals.
enum PromQL {
    /// `5m`, `1h30m`, `90s`: Prometheus duration syntax.
    static func duration(_ duration: Duration) -> String {
        var seconds = duration.components.seconds
        guard seconds > 0 else { return "0s" }
        var text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where seconds >= size {
            text += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return text
    }

    /// A PromQL regex (in a double-quoted PromQL string) matching `bound` as exporters write `le`.
    static func boundPattern(_ bound: Double) -> String {
        let text = self.number(bound)
        return text.contains(".") ? text.replacingOccurrences(of: ".", with: "\\\\.") + "0*" : text + "(\\\\.0*)?"
    }

    /// `0.25`, `1`, `0.001`: shortest exact decimal, as bucket `le` labels are written.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// `literal` with the regex metacharacters escaped, for a regex inside a double-quoted PromQL string.
    static func escape(_ literal: String) -> String {
        literal.map { ".+*?()|[]{}^$\\".contains($0) ? "\\\\\($0)" : String($0) }.joined()
    }

    /// A PromQL regex (in a double-quoted PromQL string) matching the route `template` however the service
    /// spells its placeholders: `/orders/{id}` matches `/orders/{id}` and Vapor's `/orders/:id`.
    static func routePattern(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            let text = String(segment)
            let name: String? =
                text.hasPrefix("{") && text.hasSuffix("}") && text.count > 2
                ? String(text.dropFirst().dropLast())
                : text.hasPrefix(":") && text.count > 1 ? String(text.dropFirst()) : nil
            if let name, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return "(\\\\{\(name)\\\\}|:\(name))" }
            return self.escape(text)
        }.joined(separator: "/")
    }
}
