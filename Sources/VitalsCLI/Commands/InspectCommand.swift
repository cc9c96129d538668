import ArgumentParser
import AsyncHTTPClient
import Foundation
import VitalsCore
import VitalsWatcher

/// `vitals inspect <url|file>`: checks an exposition as a scrape would read it.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Check a /metrics exposition: parse errors with line and column, naming problems, and the signals a workload kind needs.",
        discussion: "Exits 1 when the exposition does not parse (a scrape would be rejected), 0 otherwise."
    )

    enum Output: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "An http(s) URL to scrape, or a file (OpenMetrics when it ends with \"# EOF\").") var source: String
    @Option(help: "Check the signals of this kind of workload: api, worker or job.") var kind: String?
    @Option(help: "Read an API with this metric profile: \(MetricProfile.all.map(\.name).joined(separator: ", ")); detected when absent.")
    var profile: String?
    @Option(help: "Output: text or json.") var format: Output = .text
    @Option(help: "The deadline over the whole scrape, headers and body (e.g. 10s, 500ms).") var timeout = "10s"

    func run() async throws {
        var workloadKind: Workload.Kind?
        if let kind = self.kind {
            guard let parsed = Workload.Kind(rawValue: kind) else { throw CommandFailure.fail("--kind \(kind) is not api, worker or job") }
            workloadKind = parsed
        }
        let profile = try self.profile.map(ProfileOption.parse)
        let (bytes, format) = try await self.read()
        let exposition = ExpositionParser(format: format).parse(bytes)
        let report = ExpositionReport(exposition, kind: workloadKind ?? (profile != nil ? .api : nil), profile: profile)
        switch self.format {
        case .text:
            FileHandle.standardOutput.write(Data(report.text(source: self.source).utf8))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        }
        if !report.errors.isEmpty { throw ExitCode(1) }
    }

    private func read() async throws -> ([UInt8], ExpositionFormat) {
        if self.source.hasPrefix("http://") || self.source.hasPrefix("https://") {
            guard let timeout = DurationText.parse(self.timeout), timeout > .zero else {
                throw CommandFailure.fail("--timeout \(self.timeout) is not a duration such as 10s or 500ms")
            }
            let client = ExpositionFetcher.makeClient()
            var fetcher = ExpositionFetcher(client: client)
            fetcher.timeout = timeout
            do {
                let result = try await fetcher.fetch(self.source)
                try await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw CommandFailure.fail("\(error)")
            }
        }
        guard let data = FileManager.default.contents(atPath: self.source) else {
            throw CommandFailure.fail("cannot read \(self.source): pass a readable file or an http(s) URL")
        }
        let bytes = [UInt8](data)
        // A file has no Content-Type: OpenMetrics is recognised by its mandatory last line.
        let text = String(decoding: bytes.suffix(8), as: UTF8.self)
        return (bytes, text.hasSuffix("# EOF\n") || text.hasSuffix("# EOF") ? .openMetrics : .prometheus)
    }
}
