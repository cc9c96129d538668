import Foundation
import VitalsFuzz
import VitalsFuzzCore

// Every harness. Built with `-D FUZZING` and `--sanitize=fuzzer` (scripts/fuzz), libFuzzer drives the one
// named in VITALS_FUZZ; otherwise it replays files: vitals-fuzz <harness> <file or folder>...

#if FUZZING
nonisolated(unsafe) let harness = FuzzHarness.fromEnvironment(FuzzHarness.all)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do { try harness.run(Array(UnsafeBufferPointer(start: data, count: size))) } catch { fatalError("\(harness): \(error)") }
    return 0
}
#else
@main
struct FuzzRunner {
    static func main() { FuzzHarness.replay(Array(CommandLine.arguments.dropFirst()), harnesses: FuzzHarness.all) }
}
#endif
