import HTTPTypes
import Hummingbird
import VitalsCore

/// Who may read and who may change: management (silences) needs the config's `api_token` as a bearer
/// token; reading (status page, `GET /api/v1/…`) is public unless `public_status_page: false`.
struct Access: Sendable {
    let token: [UInt8]?
    let publicReads: Bool

    init(settings: WatcherSettings) {
        self.token = settings.apiToken.map { Array($0.value.utf8) }
        self.publicReads = settings.publicStatusPage
    }

    /// nil when allowed, else the refusal to send.
    func refusal(_ request: Request, write: Bool) -> Response? {
        if !write, self.publicReads { return nil }
        guard let token = self.token else {
            return APIResponse.error(
                .forbidden,
                write
                    ? "management is disabled: set watcher.api_token in the spec to enable it"
                    : "the status page is private and no watcher.api_token is set"
            )
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            TokenDirectory.constantTimeEquals(Array(header.dropFirst("Bearer ".count).utf8), token)
        else {
            var response = APIResponse.error(.unauthorized, "send the watcher's api_token as: Authorization: Bearer <token>")
            response.headers[.wwwAuthenticate] = "Bearer realm=\"vitals\""
            return response
        }
        return nil
    }
}
