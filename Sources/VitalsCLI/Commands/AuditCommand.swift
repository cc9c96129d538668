import ArgumentParser
import Foundation
import VitalsAudit

/// `vitals audit [PATH]`: the observability a codebase is missing.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Find the observability a codebase is missing: print-logging, secrets in logs, unbounded labels, no metrics, health checks, probes, alerts or runbooks.",
        discussion:
            "Exits 1 when a finding is at or above --fail-on. Silence one finding with a `vitals:ignore <id>` comment on its line or the line above."
    )

    @Argument(help: "The repository to read.") var path = "."
    @Option(help: "Output: \(AuditFormat.all.joined(separator: ", ")).") var format = "text"
    @Option(help: "Exit 1 when a finding is at or above: error, warning, info or none.") var failOn = "error"
    @Option(help: "A previous --format json report: report only findings not in it.") var baseline: String?

    func run() throws {
        guard let output = AuditFormat(self.format) else {
            throw CommandFailure.fail("--format \(self.format) is not one of \(AuditFormat.all.joined(separator: ", "))")
        }
        let threshold: Finding.Severity?
        switch self.failOn {
        case "none": threshold = nil
        default:
            guard let severity = Finding.Severity(rawValue: self.failOn) else {
                throw CommandFailure.fail("--fail-on \(self.failOn) is not one of error, warning, info, none")
            }
            threshold = severity
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.fail("\(self.path) is not a directory: pass the repository to audit")
        }
        var auditor = Auditor(root: URL(fileURLWithPath: self.path).standardizedFileURL)
        if let baseline = self.baseline {
            guard let data = FileManager.default.contents(atPath: baseline) else { throw CommandFailure.fail("cannot read the baseline \(baseline)") }
            do {
                auditor.baseline = try AuditReport.baseline(data)
            } catch {
                throw CommandFailure.fail("\(baseline) is not a vitals audit --format json report: \(error)")
            }
        }
        // Progress on stderr once scanning takes more than a moment, at most a few times a second.
        let started = Date()
        var reported = started
        let report = try auditor.run { files, bytes in
            let now = Date()
            guard now.timeIntervalSince(started) > 1, now.timeIntervalSince(reported) > 0.25 else { return }
            reported = now
            FileHandle.standardError.write(Data("vitals audit: \(files) files, \(bytes >> 20) MB read\r".utf8))
        }
        if reported != started { FileHandle.standardError.write(Data("\n".utf8)) }
        FileHandle.standardOutput.write(try output.render(report))
        if let threshold, report.findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
    }
}
