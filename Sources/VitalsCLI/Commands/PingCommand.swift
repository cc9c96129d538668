import ArgumentParser
import Logging
import Vitals

/// `vitals ping`: one ping from a script.
struct PingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Send one ping for a workload: start, success, fail, log or an exit status."
    )

    @Argument(help: "The workload, as named in vitals.yml.") var workload: String
    @Argument(help: "start, success, fail, log, or an exit status 0-255.") var kind = "success"
    @Option(help: "Records processed (with success or an exit status).") var records: Int?
    @Option(help: "Run id pairing start and finish of overlapping runs (a UUID).") var rid: String?
    @OptionGroup var options: PingOptions

    func validate() throws {
        guard ["start", "success", "fail", "log"].contains(self.kind) || Int(self.kind).map({ (0...255).contains($0) }) == true else {
            throw ValidationError("kind \(self.kind) is not start, success, fail, log or an exit status 0-255")
        }
    }

    func run() async throws {
        let client = PingClient(target: try self.options.target(), logger: Logger(label: "vitals.ping", factory: { _ in SwiftLogNoOpLogHandler() }))
        var query: [(String, String)] = []
        if let records = self.records { query.append(("records", String(records))) }
        if let rid = self.rid { query.append(("rid", rid)) }
        let suffix = self.kind == "success" ? "" : self.kind
        guard await client.ping(job: self.workload, suffix: suffix, query: query) else {
            throw CommandFailure.fail("the watcher did not acknowledge the ping within \(self.options.timeout)")
        }
    }
}
