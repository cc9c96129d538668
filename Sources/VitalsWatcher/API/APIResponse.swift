import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON answers of the management API, encoded one way everywhere: snake_case keys, ISO-8601 dates.
enum APIResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The API's own value types hold only strings, numbers and dates: encoding cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"error": "..."}`.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        self.json(["error": message], status: status)
    }
}
