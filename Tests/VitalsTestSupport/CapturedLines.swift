import Synchronization

/// Collects written log lines so tests can read what a handler really produced.
package final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])

    package init() {}

    /// Appends one written line (bytes as handed to a log output).
    package func append(_ bytes: [UInt8]) {
        self.lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
    }

    /// Every line so far.
    package var all: [String] { self.lines.withLock { $0 } }

    /// Everything written, joined.
    package var text: String { self.all.joined() }
}
