import ArgumentParser
import Foundation
import VitalsCore
import VitalsRules

/// `vitals rules`: compiles vitals.yml for Prometheus, Alertmanager, Grafana and Kubernetes.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract:
            "Compile vitals.yml into Prometheus rules and scrape jobs, Alertmanager routes, Grafana dashboards, Kubernetes probes and runbooks.",
        discussion: "Writes prometheus/, alertmanager/, grafana/, kubernetes/ and runbooks/ under --out, replacing files of the same name."
    )

    @Option(help: "The spec file.") var config = "vitals.yml"
    @Option(help: "Directory to write into (created if missing).") var out: String
    @Option(help: "Metric profile for APIs that do not name one: \(MetricProfile.all.map(\.name).joined(separator: ", ")).") var profile = "vitals"
    @Option(help: "host:port where Prometheus reaches blackbox_exporter, for live and ready probes.") var blackbox = "127.0.0.1:9115"

    func run() throws {
        let profile = try ProfileOption.parse(self.profile)
        let spec = try SpecFile.load(self.config)
        let files = try RulesCompiler.compile(spec, profile: profile, blackbox: self.blackbox)
        let root = URL(fileURLWithPath: self.out)
        for file in files {
            let url = root.appendingPathComponent(file.path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url, atomically: true, encoding: .utf8)
                // The routes carry the channels' webhook and Slack URLs from vitals.yml: readable by the owner only.
                if file.path.hasPrefix("alertmanager/") { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path) }
            } catch {
                throw CommandFailure.fail("cannot write \(url.path): \(error.localizedDescription)")
            }
        }
        let counts = Dictionary(grouping: files, by: { $0.path.split(separator: "/").first.map(String.init) ?? "" }).mapValues(\.count)
        print(
            "vitals: wrote \(files.count) files under \(self.out): "
                + counts.sorted { $0.key < $1.key }.map { "\($0.key)/ \($0.value)" }.joined(separator: ", ")
        )
    }
}
