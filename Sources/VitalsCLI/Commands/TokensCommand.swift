import ArgumentParser
import Foundation
import VitalsCore
import VitalsStore

/// `vitals tokens`: the ping URL of every workload, generating tokens on first use.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "List each workload's ping URL (tokens are generated and stored on first use)."
    )

    @Option(help: "The spec file.") var config = "vitals.yml"
    @Option(help: "The watcher's public base URL (default: http://<listen>).") var baseURL: String?

    func run() async throws {
        let spec = try SpecFile.load(self.config)
        let records = try await StoreOpener.withStore(spec.watcher.storage.value) { store in
            try await store.register(spec.workloads.map { WorkloadRegistration(name: $0.name, token: $0.pings?.token?.value) }, now: Date())
        }
        let base = (self.baseURL ?? "http://\(spec.watcher.listen)").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let width = records.map(\.name.count).max() ?? 0
        for record in records where spec.workloads.contains(where: { $0.name == record.name }) {
            print("\(record.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(base)/ping/\(record.token)")
        }
    }
}
