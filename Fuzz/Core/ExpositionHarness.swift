import VitalsCore

/// The exposition parser over any bytes. Beyond "does not crash or hang": error positions lie inside the
/// input, snippets stay short, and with no filter every counted sample without an error on its line is kept.
enum ExpositionHarness {
    static func run(_ bytes: [UInt8]) throws {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        for format in ExpositionFormat.allCases {
            let exposition = ExpositionParser(format: format).parse(bytes)
            for error in exposition.errors {
                try check(error.line >= 1 && error.line <= lines + 1, "error line \(error.line) outside \(lines) lines")
                try check(error.column >= 1, "column \(error.column)")
                try check(error.snippet.utf8.count <= 4 * 40 + 8, "snippet too long")
            }
            let kept = exposition.families.reduce(0) { $0 + $1.samples.count }
            try check(kept <= exposition.sampleCount, "kept \(kept) of \(exposition.sampleCount)")
            if exposition.errors.isEmpty { try check(kept == exposition.sampleCount, "a clean exposition keeps every sample") }
        }
    }
}
