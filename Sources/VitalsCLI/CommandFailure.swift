import ArgumentParser
import Foundation
import Vitals

/// Ends a command over bad input: the message on standard error, exit status 1, no usage dump or stack.
/// Credentials in it (a URL's password, a `token=` parameter) are redacted by the rule the logs use.
enum CommandFailure {
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("vitals: error: \(Output.redact(message))\n".utf8))
        return ExitCode(1)
    }
}

/// What the commands print passes through the log handlers' redaction: one rule for every output.
enum Output {
    static let redactor = Redactor()

    static func redact(_ text: String) -> String { self.redactor.redact(text) }
}
