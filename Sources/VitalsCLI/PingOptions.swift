import ArgumentParser
import Foundation
import Vitals
import VitalsCore

/// Where `vitals ping` and `vitals run` send pings: a token URL, or a slug URL with the ping key.
struct PingOptions: ParsableArguments {
    @Option(help: "The watcher's base URL (default: $VITALS_PING_URL), e.g. http://127.0.0.1:9100.")
    var url: String?
    @Option(help: "The ping key for /ping/<key>/<workload> URLs (default: $VITALS_PING_KEY).")
    var key: String?
    @Option(help: "The workload's own token, for /ping/<token> URLs instead of the slug form.")
    var token: String?
    @Option(help: "Longest time one ping may take, retries included, e.g. 10s.")
    var timeout = "10s"

    func target() throws -> PingTarget {
        let environment = ProcessInfo.processInfo.environment
        guard let base = (self.url ?? environment["VITALS_PING_URL"]).map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }) else {
            throw CommandFailure.fail("no watcher URL: pass --url http://host:9100 or set VITALS_PING_URL")
        }
        guard let budget = DurationText.parse(self.timeout), budget > .zero else {
            throw CommandFailure.fail("--timeout \(self.timeout) is not a duration; write it like 10s")
        }
        var target: PingTarget
        if let token = self.token {
            target = PingTarget { _ in "\(base)/ping/\(token)" }
        } else if let key = self.key ?? environment["VITALS_PING_KEY"] {
            target = .slug(base: base, pingKey: key)
        } else {
            throw CommandFailure.fail("no credentials: pass --token <workload token> or --key <ping key> (or set VITALS_PING_KEY)")
        }
        target.timeout = budget
        return target
    }
}
