import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP target on a free loopback port that answers the status line and headers at once, sends the
/// first bytes of its body, and then stalls forever: the target that hangs a client whose deadline covers
/// only the headers.
///
/// ```swift
/// let target = try StallingTarget()
/// // http://127.0.0.1:\(target.port)/metrics answers "200 OK" and never finishes its body
/// ```
///
/// `@unchecked Sendable`: `descriptor` and `port` are immutable after `init`; the connections it holds open
/// are guarded by a mutex, and everything is closed in `deinit`, when no one else can hold the target.
public final class StallingTarget: @unchecked Sendable {
    private let descriptor: Int32
    /// The loopback port it listens on.
    public let port: Int
    private let held = Connections()

    private final class Connections: Sendable {
        let open = Mutex<[Int32]>([])
    }

    /// - Parameters:
    ///   - contentType: the `Content-Type` it announces.
    ///   - bodyPrefix: the part of the body it sends before stalling.
    public init(contentType: String = "text/plain; version=0.0.4", bodyPrefix: String = "# HELP up Whether the target is up.\n") throws {
        (self.descriptor, self.port) = try LoopbackSocket.open(backlog: 64)
        let head = "HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nContent-Length: 1000000\r\n\r\n\(bodyPrefix)"
        let thread = Thread { [descriptor = self.descriptor, held = self.held] in
            while true {
                let connection = accept(descriptor, nil, nil)
                guard connection >= 0 else { return }  // the listener was closed
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(connection, &buffer, buffer.count)
                _ = head.withCString { write(connection, $0, strlen($0)) }
                held.open.withLock { $0.append(connection) }
            }
        }
        thread.start()
    }

    deinit {
        shutdown(self.descriptor, Int32(SHUT_RDWR))
        close(self.descriptor)
        for connection in self.held.open.withLock({ $0 }) { close(connection) }
    }
}
