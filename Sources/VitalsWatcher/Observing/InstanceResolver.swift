package import Foundation
import NIOPosix
import Synchronization
import VitalsBase
import VitalsCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a workload's instances from its DNS name: every A and AAAA record, on the spec's port.
///
/// The lookup is the system's (`getaddrinfo`, so `/etc/hosts`, search domains and the local resolver apply,
/// as for the service's other clients), on NIO's blocking-work pool, under a deadline: a resolver that
/// hangs fails the lookup at the workload's timeout and the last answer stays in use.
package struct InstanceResolver: Sendable {
    /// Why a lookup failed, in words.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
        package init(description: String) { self.description = description }
    }

    let lookup: @Sendable (_ host: String, _ port: Int) async throws -> [String]

    /// A resolver answering with `lookup`: tests stand in a changing DNS answer here.
    package init(lookup: @escaping @Sendable (_ host: String, _ port: Int) async throws -> [String]) {
        self.lookup = lookup
    }

    /// The instances `host` resolves to, as `address:port` (IPv6 in brackets), sorted and without repeats.
    package func resolve(_ host: String, port: Int, timeout: Duration) async throws -> [String] {
        let answer = Mutex<Result<[String], any Error>?>(nil)
        let outcome = await Deadline.run(timeout) {
            let instances = try await self.lookup(host, port)
            answer.withLock { $0 = .success(instances) }
        }
        switch outcome {
        case .finished: return Array(Set(try answer.withLock { $0 }?.get() ?? [])).sorted()
        case .failed(let error): throw error
        case .timedOut: throw Failure(description: "no answer within \(DurationText.format(timeout))")
        }
    }

    /// The system resolver.
    package static let system = InstanceResolver { host, port in
        try await NIOThreadPool.singleton.runIfActive { try Self.addresses(of: host, port: port) }
    }

    private static func addresses(of host: String, port: Int) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        guard status == 0 else { throw Failure(description: String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(result) }
        var instances: [String] = []
        var next = result
        while let entry = next {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if let address = entry.pointee.ai_addr,
                getnameinfo(address, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
            {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                instances.append(entry.pointee.ai_family == AF_INET6 ? "[\(text)]:\(port)" : "\(text):\(port)")
            }
            next = entry.pointee.ai_next
        }
        return instances
    }
}
