import ArgumentParser
import Foundation
import VitalsCore

/// `vitals check`: validates a spec without starting anything and prints what the watcher would do.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate vitals.yml and print the effective configuration (secrets as <secret>)."
    )

    @Argument(help: "The spec file.") var file = "vitals.yml"

    func run() throws {
        let spec = try SpecFile.load(self.file)
        print(SpecSummary.render(spec, redact: Output.redact), terminator: "")
        FileHandle.standardError.write(
            Data("vitals: \(self.file) is valid: \(spec.workloads.count) workload(s), \(spec.notify.count) channel(s)\n".utf8)
        )
    }
}
