import ArgumentParser
import Foundation
import VitalsCore

/// `vitals check`: validates a spec without starting anything and prints what the watcher would do.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate vitals.yml and print the effective configuration (secrets as <secret>).")

    @Argument(help: "The spec file.") var file = "vitals.yml"

    func run() throws {
        do {
            let spec = try SpecLoader.load(path: self.file, environment: ProcessInfo.processInfo.environment)
            print(SpecSummary.render(spec), terminator: "")
            FileHandle.standardError.write(Data("vitals: \(self.file) is valid: \(spec.workloads.count) workload(s), \(spec.notify.count) channel(s)\n".utf8))
        } catch {
            let count = error.errors.count
            throw CommandFailure.fail("\(error)\n\(count) problem\(count == 1 ? "" : "s") in \(self.file); nothing was started")
        }
    }
}
