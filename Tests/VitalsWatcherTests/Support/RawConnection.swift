import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection driven byte by byte, for clients no HTTP library would be: one that connects and says
/// nothing, or one that sends its request a byte at a time.
final class RawConnection: @unchecked Sendable {
    // `@unchecked Sendable`: one test task uses it at a time; the descriptor is closed once, in `deinit`.
    let descriptor: Int32

    init(port: Int) throws {
        self.descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(self.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    /// Writes `text`; false once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        text.withCString { Glibc.send(self.descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) } > 0
    }

    /// Whether the server closes the connection within `limit` (real time: this is a server's deadline
    /// seen from outside). Anything the server sends first is read and dropped.
    func isClosed(within limit: Duration) async -> Bool {
        let start = ContinuousClock.now
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now - start < limit {
            var poller = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) > 0 {
                let count = recv(self.descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if count == 0 || (count < 0 && errno != EAGAIN) { return true }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    deinit { close(self.descriptor) }
}
