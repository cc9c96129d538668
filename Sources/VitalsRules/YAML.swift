import Foundation

/// Strings as YAML double-quoted scalars: valid YAML whatever they hold (PromQL quotes, newlines).
enum YAML {
    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 { output += String(format: "\\x%02X", scalar.value) } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output + "\""
    }

    /// `{ a: "x", b: "y" }` in key order.
    static func map(_ pairs: [(String, String)]) -> String {
        "{ " + pairs.map { "\($0.0): \(self.quote($0.1))" }.joined(separator: ", ") + " }"
    }
}
