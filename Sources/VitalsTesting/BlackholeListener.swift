import Foundation

/// A listening socket on a free loopback port that never accepts or answers: connections complete (the
/// kernel queues them in the backlog) and requests are sent, but no answer ever comes. The target that
/// ties up naive probers and health checks.
///
/// `@unchecked Sendable`: both stored properties are immutable after `init`, and the descriptor is only
/// closed in `deinit`, when no one else can hold the listener.
public final class BlackholeListener: @unchecked Sendable {
    let descriptor: Int32
    /// The loopback port it listens on.
    public let port: Int

    /// - Parameter backlog: connections the kernel completes before new ones stop being answered at all.
    public init(backlog: Int32 = 1024) throws {
        (self.descriptor, self.port) = try LoopbackSocket.open(backlog: backlog)
    }

    deinit { close(self.descriptor) }
}

/// A listening TCP socket on a free loopback port.
enum LoopbackSocket {
    static func open(backlog: Int32) throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, backlog) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}
