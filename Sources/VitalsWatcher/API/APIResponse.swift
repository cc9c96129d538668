package import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON answers of the management API, encoded one way everywhere: snake_case keys, ISO-8601 dates.
package enum APIResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        // The API's own value types hold strings, numbers checked finite where they enter, and dates.
        let data = (try? self.encode(value)) ?? Data(#"{"error": "the answer could not be encoded"}"#.utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The API's encoding of `value`; throws for a value JSON cannot carry (a non-finite number).
    package static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// `{"error": "..."}`.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        self.json(["error": message], status: status)
    }
}
