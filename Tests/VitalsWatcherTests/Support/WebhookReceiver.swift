import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real HTTP receiver on a free loopback port that records every notification it gets and answers
/// as the test says: what a webhook or Slack endpoint is to the watcher.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var idempotencyKey: String?
        var authorization: String? = nil
        var body: [String: Any] { (try? JSONSerialization.jsonObject(with: self.data) as? [String: Any]) ?? [:] }
        var data: Data
    }

    /// Status and extra headers for the next request; 200 by default.
    typealias Answer = @Sendable (_ index: Int) -> (HTTPResponse.Status, HTTPFields)

    private let received = Mutex<[Received]>([])
    private let answer: Mutex<Answer>
    private let server = Mutex<LocalServer?>(nil)
    let port: Int

    private init(port: Int, answer: @escaping Answer) {
        self.port = port
        self.answer = Mutex(answer)
    }

    var requests: [Received] { self.received.withLock { $0 } }
    var url: String { "http://127.0.0.1:\(self.port)/hook" }

    func answer(with answer: @escaping Answer) { self.answer.withLock { $0 = answer } }

    /// Starts listening; stop with ``stop()``.
    static func start(answer: @escaping Answer = { _ in (.ok, [:]) }) async throws -> WebhookReceiver {
        let router = Router()
        let box = Mutex<WebhookReceiver?>(nil)
        router.post("{path}") { request, context in
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let receiver = box.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            let index = receiver.received.withLock { list in
                list.append(
                    Received(
                        path: request.uri.path,
                        idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!],
                        authorization: request.headers[.authorization],
                        data: Data(body.readableBytesView)
                    )
                )
                return list.count - 1
            }
            let (status, headers) = receiver.answer.withLock { $0 }(index)
            return Response(status: status, headers: headers)
        }
        let server = try await LocalServer.start(router)
        let receiver = WebhookReceiver(port: server.port, answer: answer)
        box.withLock { $0 = receiver }
        receiver.server.withLock { $0 = server }
        return receiver
    }

    func stop() { self.server.withLock { $0?.stop() } }
}
