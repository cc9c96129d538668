import Foundation
import VitalsFuzzCore

// The harnesses over the pure core only (exposition, pings, spec): a fuzzer that builds in minutes, which
// scripts/test runs briefly. Built as `vitals-fuzz` is; see Fuzz/Runner.

#if FUZZING
nonisolated(unsafe) let harness = FuzzHarness.fromEnvironment(FuzzHarness.core)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do { try harness.run(Array(UnsafeBufferPointer(start: data, count: size))) } catch { fatalError("\(harness): \(error)") }
    return 0
}
#else
@main
struct CoreFuzzRunner {
    static func main() { FuzzHarness.replay(Array(CommandLine.arguments.dropFirst()), harnesses: FuzzHarness.core) }
}
#endif
