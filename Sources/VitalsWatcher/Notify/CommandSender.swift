import Foundation
import VitalsCore
import VitalsProcess

/// `command` channels: runs `/bin/sh -c <run>` with the webhook's JSON on standard input and the
/// essentials in `VITALS_*` variables. Exit 0 is delivered; any other exit, or running past the
/// timeout (the shell is then killed), is a failure that backs off and retries like HTTP.
struct CommandSender: Sendable {
    var timeout: Duration

    func send(_ message: NotificationMessage, command: String) async -> ChannelSender.Result {
        var child = ChildProcess("/bin/sh", ["-c", command])
        child.input = message.webhookBody()
        child.environment = [
            "VITALS_WORKLOAD": message.workload, "VITALS_STATUS": message.status, "VITALS_TITLE": message.title,
            "VITALS_IDEMPOTENCY_KEY": message.idempotencyKey, "VITALS_STATUS_URL": message.statusURL,
        ]
        child.timeout = self.timeout
        child.keepLast = 200
        do {
            let result = try await child.run()
            guard !result.timedOut else {
                return .failed("the command ran past \(DurationText.format(self.timeout)) and was killed", retryAfter: nil)
            }
            if result.status == 0 { return .delivered }
            let said = result.errors
            return .failed("the command exited \(result.status)" + (said.isEmpty ? "" : ": \(said)"), retryAfter: nil)
        } catch {
            return .failed("the command could not be run: \(error)", retryAfter: nil)
        }
    }
}
