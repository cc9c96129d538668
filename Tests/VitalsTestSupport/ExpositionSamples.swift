/// The samples of a Prometheus text exposition, for assertions in tests.
///
/// A deliberately small reader: it trusts its input (our own output) and reads only sample lines.
/// The watcher's real parser, with error reporting and limits, lives in `VitalsCore`.
package struct ExpositionSamples: Sendable {
    /// One sample line.
    package struct Sample: Sendable, Hashable {
        package var name: String
        package var labels: [String: String]
        package var value: Double
    }

    /// Every sample, in input order.
    package let samples: [Sample]

    package init(_ text: String) {
        self.samples = text.split(separator: "\n").compactMap { Self.sample(String($0)) }
    }

    package init(_ bytes: [UInt8]) { self.init(String(decoding: bytes, as: UTF8.self)) }

    /// Samples named `name` whose labels include `labels`.
    package func matching(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        self.samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    /// The value of the single sample matching, or `nil` if there is none or more than one.
    package func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let found = self.matching(name, labels)
        return found.count == 1 ? found[0].value : nil
    }

    private static func sample(_ line: String) -> Sample? {
        guard !line.hasPrefix("#"), let valueSeparator = line.lastIndex(of: " ") else { return nil }
        let series = line[..<valueSeparator]
        guard let value = Double(line[line.index(after: valueSeparator)...]) ?? Self.special(line[line.index(after: valueSeparator)...]) else {
            return nil
        }
        guard let brace = series.firstIndex(of: "{") else { return Sample(name: String(series), labels: [:], value: value) }
        return Sample(
            name: String(series[..<brace]),
            labels: Self.labels(series[series.index(after: brace)..<series.index(before: series.endIndex)]),
            value: value
        )
    }

    private static func special(_ text: Substring) -> Double? {
        switch text {
        case "NaN": .nan
        case "+Inf": .infinity
        case "-Inf": -.infinity
        default: nil
        }
    }

    private static func labels(_ text: Substring) -> [String: String] {
        var labels: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "=") else { break }
            let name = String(text[index..<equals])
            var value = ""
            var cursor = text.index(equals, offsetBy: 2)
            while cursor < text.endIndex, text[cursor] != "\"" {
                if text[cursor] == "\\" {
                    cursor = text.index(after: cursor)
                    value.append(text[cursor] == "n" ? "\n" : text[cursor])
                } else {
                    value.append(text[cursor])
                }
                cursor = text.index(after: cursor)
            }
            labels[name] = value
            index = text.index(after: cursor)
            if index < text.endIndex, text[index] == "," { index = text.index(after: index) }
        }
        return labels
    }
}
