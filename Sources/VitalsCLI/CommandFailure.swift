import ArgumentParser
import Foundation

/// Ends a command over bad input: the message on standard error, exit status 1, no usage dump or stack.
enum CommandFailure {
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("vitals: error: \(message)\n".utf8))
        return ExitCode(1)
    }
}
