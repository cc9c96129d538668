import Foundation
import VitalsCore

/// Loads the spec a command names, turning its problems into one clean failure.
enum SpecFile {
    static func load(_ path: String) throws -> Spec {
        do {
            return try SpecLoader.load(path: path, environment: ProcessInfo.processInfo.environment)
        } catch {
            let count = error.errors.count
            throw CommandFailure.fail("\(error)\n\(count) problem\(count == 1 ? "" : "s") in \(path); nothing was started")
        }
    }
}
