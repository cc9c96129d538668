import Foundation
import VitalsProcess

/// The real `promtool` (Debian package `prometheus`, installed by scripts/test).
package enum Promtool {
    /// Where it is installed, if it is.
    package static var path: String? {
        ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `promtool check metrics` over `exposition`: its exit status and everything it printed.
    package static func checkMetrics(_ exposition: String) async throws -> (status: Int32, output: String) {
        guard let path = self.path else {
            return (-1, "promtool not found: run scripts/test, which installs Debian's prometheus package")
        }
        let result = try await ChildProcess.run(URL(fileURLWithPath: path), ["check", "metrics"], input: Data(exposition.utf8))
        return (result.status, result.output + result.errors)
    }
}
