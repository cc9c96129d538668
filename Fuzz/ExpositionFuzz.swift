// libFuzzer entry point for the exposition parser; built by scripts/fuzz-exposition together with the
// parser's own sources (Sources/VitalsCore/Exposition), with -sanitize=fuzzer,address.
//
// Invariants checked on every input, beyond "does not crash or hang":
// - both formats terminate on every byte sequence;
// - error positions lie inside the input;
// - with no filter, every counted sample without an error on its line is kept.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
    for format in ExpositionFormat.allCases {
        let exposition = ExpositionParser(format: format).parse(bytes)
        for error in exposition.errors {
            precondition(error.line >= 1 && error.line <= lines + 1, "error line \(error.line) outside \(lines) lines")
            precondition(error.column >= 1, "column \(error.column)")
            precondition(error.snippet.utf8.count <= 4 * 40 + 8, "snippet too long")
        }
        let kept = exposition.families.reduce(0) { $0 + $1.samples.count }
        precondition(kept <= exposition.sampleCount, "kept \(kept) of \(exposition.sampleCount)")
        if exposition.errors.isEmpty { precondition(kept == exposition.sampleCount, "a clean exposition keeps every sample") }
    }
    return 0
}
