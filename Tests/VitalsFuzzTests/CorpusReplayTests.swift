import Foundation
import Testing
import VitalsFuzz
import VitalsFuzzCore

/// Every input of every fuzz corpus (`Fuzz/corpus/<harness>`: real exporter output, hostile specs, pings and
/// API bodies, and what libFuzzer found) replayed through its harness on each test run: a fixed crash or
/// broken invariant stays fixed. `scripts/fuzz` explores beyond them.
@Suite struct CorpusReplayTests {
    static let corpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus").standardized

    @Test(arguments: FuzzHarness.all)
    func everyInputOfTheCorpusHoldsItsInvariants(harness: FuzzHarness) throws {
        let folder = Self.corpora.appendingPathComponent(harness.name)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.count >= 5, "a corpus worth the name for \(harness.name)")
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
            #expect(throws: Never.self, "\(harness.name)/\(file)") { try harness.run(bytes) }
        }
    }
}
