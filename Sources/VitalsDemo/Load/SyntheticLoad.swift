import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
import NIOHTTP1
package import ServiceLifecycle
import Synchronization

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

    /// Requests in flight at most: arrivals do not wait for earlier answers (users do not queue behind each
    /// other), but a demo whose API hangs does not pile up connections without end.
    static let maxInFlight = 64

    package func run() async throws {
        guard self.requestsPerSecond > 0, !self.baseURLs.isEmpty else { return try await gracefulShutdown() }
        await cancelWhenGracefulShutdown {
            let inFlight = InFlight()
            await withDiscardingTaskGroup { group in
                var tick = 0
                while !Task.isCancelled {
                    let rate = self.faults.current.load ?? self.requestsPerSecond
                    guard rate > 0 else {
                        try? await self.clock.sleep(for: .milliseconds(250))
                        continue
                    }
                    tick += 1
                    if inFlight.count.add(1, ordering: .relaxed).newValue <= Self.maxInFlight {
                        group.addTask { [tick] in
                            await self.send(tick: tick)
                            inFlight.count.subtract(1, ordering: .relaxed)
                        }
                    } else {
                        inFlight.count.subtract(1, ordering: .relaxed)
                    }
                    try? await self.clock.sleep(for: .milliseconds(Int64(1000 / rate)))
                }
                group.cancelAll()
            }
        }
    }

    /// One request, to the next instance in turn, moving on from one that refuses.
    private func send(tick: Int) async {
        for attempt in 0..<self.baseURLs.count {
            let base = self.baseURLs[(tick + attempt) % self.baseURLs.count]
            do {
                _ = try await HTTPClient.shared.execute(Self.request(tick: tick, base: base), timeout: .seconds(10))
                return
            } catch {
                self.logger.debug("Synthetic request failed", metadata: ["url": "\(base)", "error": "\(error)"])
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

/// Requests of the load still waiting for their answers.
private final class InFlight: Sendable {
    let count = Atomic(0)
}
