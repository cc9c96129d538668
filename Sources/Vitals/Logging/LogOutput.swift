import Synchronization

#if canImport(Glibc)
import Glibc

/// `write(2)` under a name of its own: inside `LogOutput`, `write` is the stored closure.
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin

private let systemWrite = Darwin.write
#endif

/// Where formatted log lines go: standard output by default, or any closure (tests, files).
///
/// Each line is handed over whole, so lines from concurrent tasks never interleave.
public struct LogOutput: Sendable {
    let write: @Sendable (_ line: [UInt8]) -> Void

    /// Hands every complete line, newline included, to `write`.
    public static func custom(_ write: @escaping @Sendable (_ line: [UInt8]) -> Void) -> LogOutput {
        LogOutput(write: write)
    }

    /// Standard output, one `write(2)` per line.
    public static let standardOutput = LogOutput.fileDescriptor(1)
    /// Standard error, one `write(2)` per line.
    public static let standardError = LogOutput.fileDescriptor(2)

    private static func fileDescriptor(_ descriptor: Int32) -> LogOutput {
        // One lock per descriptor: a single write(2) of a line is atomic for pipes up to PIPE_BUF only.
        let lock = Mutex(())
        return LogOutput { line in
            lock.withLock { _ in
                line.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                        if written > 0 {
                            offset += written
                        } else if written < 0, errno == EINTR {
                            continue
                        } else {
                            return  // A closed or full output must not take the service down.
                        }
                    }
                }
            }
        }
    }
}
