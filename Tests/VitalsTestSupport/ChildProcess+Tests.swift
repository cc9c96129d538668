package import Foundation
package import VitalsProcess

extension ChildProcess {
    /// Runs `executable` to its end with `arguments`, `environment` added to ours and `input` on standard
    /// input: the tests' shorthand for the runner the watcher and the CLI use.
    package static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String] = [:],
        input: Data = Data()
    ) async throws -> Result {
        var child = ChildProcess(executable.path, arguments)
        child.environment = environment
        child.input = input
        return try await child.run()
    }
}
