import Foundation
import Testing
import VitalsAudit
import VitalsCore

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
        #expect(findings.contains { $0["id"] as? String == "log.print" && $0["file"] as? String == "Sources/App/main.swift" && $0["line"] as? Int == 6 })
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["files"] == 1 && summary["errors"] == 3 && summary["warnings"] == 6)
    }

    /// The parts of SARIF 2.1.0 that code-scanning tools require, checked property by property (the
    /// official JSON schema is not reachable offline).
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
        #expect(results.count == 10)
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
        #expect(report.workloads == [SuggestedWorkload(name: "swift-service-api", kind: "api", evidence: "Sources/App/main.swift:14")])
        let text = String(decoding: try AuditFormat.text.render(report), as: UTF8.self)
        let start = try #require(text.range(of: "# Suggested by vitals audit")).lowerBound
        let spec = try SpecLoader.parse(String(text[start...]), file: "suggested.yml", environment: [:])
        #expect(spec.workloads.map { $0.name } == ["swift-service-api"])
    }
}
