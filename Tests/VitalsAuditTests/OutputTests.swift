import Foundation
import Testing
import VitalsAudit
import VitalsCore
import VitalsProcess
import VitalsTestSupport

/// JSON, SARIF, baselines and the suggested spec.
@Suite struct OutputTests {
    static func report(_ project: String = "swift-service") throws -> AuditReport {
        try Auditor(root: FixtureTests.fixtures.appendingPathComponent(project)).run()
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let data = try AuditFormat.json.render(try Self.report())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { Set($0.keys) == ["id", "severity", "file", "line", "message", "hint"] })
        #expect(
            findings.contains { $0["id"] as? String == "log.print" && $0["file"] as? String == "Sources/App/main.swift" && $0["line"] as? Int == 6 }
        )
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["files"] == 3 && summary["errors"] == 3 && summary["warnings"] == 6)
    }

    /// The OASIS SARIF 2.1.0 schema, fetched by scripts/test from a PyPI wheel that ships it.
    static let sarifSchema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../.build/test-tools/sarif-schema-2.1.0.json"
    ).standardizedFileURL

    /// Validation errors of a SARIF log against the official schema, by Python's jsonschema.
    static func schemaErrors(_ sarif: Data) async throws -> [String] {
        try #require(
            FileManager.default.fileExists(atPath: self.sarifSchema.path),
            "\(self.sarifSchema.path) is missing: run scripts/test, which fetches the SARIF 2.1.0 schema"
        )
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).sarif")
        try sarif.write(to: log)
        defer { try? FileManager.default.removeItem(at: log) }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            assert schema["id"].endswith("sarif-schema-2.1.0.json"), schema["id"]
            jsonschema.Draft4Validator.check_schema(schema)
            for error in jsonschema.Draft4Validator(schema).iter_errors(json.load(open(sys.argv[2]))):
                print("/".join(map(str, error.absolute_path)) + ": " + error.message)
            """
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, self.sarifSchema.path, log.path])
        #expect(result.status == 0, "\(result.errors)")
        return result.output.split(separator: "\n").map(String.init)
    }

    @Test func sarifPassesTheOfficialSchema() async throws {
        for project in ["manifests", "swift-service", "python-service", "js-service", "go-service"] {
            let errors = try await Self.schemaErrors(try AuditFormat.sarif.render(try Self.report(project)))
            #expect(errors.isEmpty, "\(project): \(errors)")
        }
        // The check can fail: a level SARIF does not define is caught.
        let broken = String(decoding: try AuditFormat.sarif.render(try Self.report("manifests")), as: UTF8.self)
            .replacingOccurrences(of: #""level": "warning""#, with: #""level": "fatal""#)
        #expect(try await Self.schemaErrors(Data(broken.utf8)).contains { $0.contains("'fatal' is not one of") })
    }

    /// What code-scanning tools read, beyond the schema: rule indexes, relative URIs, lines from 1.
    @Test func sarifCarriesWhatCodeScanningRequires() throws {
        let data = try AuditFormat.sarif.render(try Self.report("manifests"))
        let sarif = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(sarif["version"] as? String == "2.1.0")
        #expect((sarif["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "vitals audit")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 11)
        for result in results {
            let id = try #require(result["ruleId"] as? String)
            #expect(result["ruleIndex"] as? Int == ids.firstIndex(of: id), "ruleIndex points at its rule")
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let location = try #require(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
            #expect(((location["artifactLocation"] as? [String: Any])?["uri"] as? String)?.hasPrefix("/") == false, "relative URIs")
            if let region = location["region"] as? [String: Any] { #expect((region["startLine"] as? Int ?? 0) >= 1) }
        }
    }

    @Test func aBaselineHidesKnownFindingsEvenWhenLinesMove() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("app.py")
        try "print('a')\n".write(to: file, atomically: true, encoding: .utf8)
        let first = try Auditor(root: root).run()
        var auditor = Auditor(root: root)
        auditor.baseline = try AuditReport.baseline(try AuditFormat.json.render(first))
        try "import os\nprint('a')\nlogging.basicConfig()\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try auditor.run().findings.map(\.id) == ["log.unstructured"], "only what is new")
    }

    @Test func theSuggestedSpecIsAValidStart() throws {
        let report = try Self.report()
        #expect(report.workloads.map { "\($0.name) \($0.kind) \($0.evidence)" } == ["swift-service-api api Sources/App/main.swift:14"])
        let text = String(decoding: try AuditFormat.text.render(report), as: UTF8.self)
        let start = try #require(text.range(of: "# Suggested by vitals audit")).lowerBound
        let spec = try SpecLoader.parse(String(text[start...]), file: "suggested.yml", environment: [:])
        #expect(spec.workloads.map { $0.name } == ["swift-service-api"])
    }
}
