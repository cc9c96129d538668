import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
import NIOHTTP1
package import ServiceLifecycle

/// A steady trickle of real HTTP traffic against the Orders API, spread over its instances as a load
/// balancer spreads it (round robin, moving on from an instance that refuses), so its signals always have
/// data. A `load` fault changes the rate; 0 stops it.
package struct SyntheticLoad: Service {
    let baseURLs: [String]
    let requestsPerSecond: Double
    let faults: Faults
    let clock: any Clock<Duration>
    let logger: Logger

    package init(baseURLs: [String], requestsPerSecond: Double, faults: Faults, clock: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.baseURLs = baseURLs
        self.requestsPerSecond = requestsPerSecond
        self.faults = faults
        self.clock = clock
        self.logger = logger
    }

    package func run() async throws {
        guard self.requestsPerSecond > 0, !self.baseURLs.isEmpty else { return try await gracefulShutdown() }
        await cancelWhenGracefulShutdown {
            var tick = 0
            while !Task.isCancelled {
                let rate = self.faults.current.load ?? self.requestsPerSecond
                guard rate > 0 else {
                    try? await self.clock.sleep(for: .milliseconds(250))
                    continue
                }
                tick += 1
                for attempt in 0..<self.baseURLs.count {
                    let base = self.baseURLs[(tick + attempt) % self.baseURLs.count]
                    do {
                        _ = try await HTTPClient.shared.execute(Self.request(tick: tick, base: base), timeout: .seconds(10))
                        break
                    } catch {
                        self.logger.debug("Synthetic request failed", metadata: ["url": "\(base)", "error": "\(error)"])
                    }
                }
                try? await self.clock.sleep(for: .milliseconds(Int64(1000 / rate)))
            }
        }
    }

    /// Every third request creates an order, lists orders, or reads one.
    static func request(tick: Int, base: String) -> HTTPClientRequest {
        let items = ["espresso", "croissant", "bagel", "matcha", "scone"]
        switch tick % 3 {
        case 0:
            var request = HTTPClientRequest(url: "\(base)/orders")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"item":"\#(items[tick % items.count])","quantity":\#(tick % 5 + 1)}"#))
            return request
        case 1: return HTTPClientRequest(url: "\(base)/orders?limit=5")
        default: return HTTPClientRequest(url: "\(base)/orders/\(max(1, tick / 3))")
        }
    }
}
