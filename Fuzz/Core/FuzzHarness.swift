import Foundation

/// A fuzzed edge of the watcher: takes arbitrary bytes, must not crash or hang, and checks that what it
/// produced is well formed. A broken invariant throws ``Violation``; under libFuzzer that is a crash, in
/// the test suite a failure naming the corpus file.
package struct FuzzHarness: Sendable, CustomStringConvertible {
    /// Its name: the folder of its corpus, `Fuzz/corpus/<name>`.
    package let name: String
    private let body: @Sendable ([UInt8]) throws -> Void

    package init(_ name: String, _ body: @escaping @Sendable ([UInt8]) throws -> Void) {
        self.name = name
        self.body = body
    }

    package func run(_ bytes: [UInt8]) throws { try self.body(bytes) }

    package var description: String { self.name }

    /// An invariant that did not hold, in words.
    package struct Violation: Error, CustomStringConvertible {
        package let description: String
        init(_ description: String) { self.description = description }
    }

    /// The harnesses over the pure core (the parser, pings, the spec, the audit): cheap to build with libFuzzer.
    package static let core = [
        FuzzHarness("exposition", ExpositionHarness.run), FuzzHarness("pings", PingHarness.run), FuzzHarness("spec", SpecHarness.run),
        FuzzHarness("audit", AuditHarness.run),
    ]

    /// The harness named in `VITALS_FUZZ` among `harnesses`, or the first.
    package static func fromEnvironment(_ harnesses: [FuzzHarness]) -> FuzzHarness {
        let name = ProcessInfo.processInfo.environment["VITALS_FUZZ"]
        return harnesses.first { $0.name == name } ?? harnesses[0]
    }

    /// Replays files (or folders of them) through the harness named first in `arguments`; exits 1 naming
    /// every input that breaks an invariant. What the runners do when not built for libFuzzer.
    package static func replay(_ arguments: [String], harnesses: [FuzzHarness]) -> Never {
        guard let name = arguments.first, let harness = harnesses.first(where: { $0.name == name }) else {
            FileHandle.standardError.write(Data("usage: vitals-fuzz <\(harnesses.map(\.name).joined(separator: "|"))> <file or folder>...\n".utf8))
            exit(2)
        }
        var failures = 0
        for file in arguments.dropFirst().flatMap(Self.files) {
            do {
                try harness.run(Array(FileManager.default.contents(atPath: file) ?? Data()))
            } catch {
                failures += 1
                print("\(file): \(error)")
            }
        }
        exit(failures == 0 ? 0 : 1)
    }

    private static func files(_ path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
    }
}

/// Throws a ``FuzzHarness/Violation`` unless `condition` holds.
package func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw FuzzHarness.Violation(message()) }
}
