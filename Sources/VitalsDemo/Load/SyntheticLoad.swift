import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
import NIOHTTP1
package import ServiceLifecycle

/// A steady trickle of real HTTP traffic against the Orders API, so its signals always have data.
package struct SyntheticLoad: Service {
    let baseURL: String
    let requestsPerSecond: Double
    let logger: Logger

    package init(baseURL: String, requestsPerSecond: Double, logger: Logger) {
        self.baseURL = baseURL
        self.requestsPerSecond = requestsPerSecond
        self.logger = logger
    }

    package func run() async throws {
        guard self.requestsPerSecond > 0 else { return try await gracefulShutdown() }
        let pause = Duration.milliseconds(Int64(1000 / self.requestsPerSecond))
        let items = ["espresso", "croissant", "bagel", "matcha", "scone"]
        await cancelWhenGracefulShutdown {
            var tick = 0
            while !Task.isCancelled {
                tick += 1
                var request: HTTPClientRequest
                switch tick % 3 {
                case 0:
                    request = HTTPClientRequest(url: "\(self.baseURL)/orders")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: #"{"item":"\#(items[tick % items.count])","quantity":\#(tick % 5 + 1)}"#))
                case 1: request = HTTPClientRequest(url: "\(self.baseURL)/orders?limit=5")
                default: request = HTTPClientRequest(url: "\(self.baseURL)/orders/\(max(1, tick / 3))")
                }
                do {
                    _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                } catch {
                    self.logger.debug("Synthetic request failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: pause)
            }
        }
    }
}
