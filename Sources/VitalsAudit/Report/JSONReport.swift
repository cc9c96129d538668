import VitalsBase

/// `--format json`: `{"findings": [{"id", "severity", "file", "line", "message", "hint"}], "summary": {…},
/// "workloads": [{"name", "kind", "evidence", and those of "live", "ready", "metrics", "schedule",
/// "heartbeat", "unconfirmed" it has}]}`, one finding per line. Written directly rather than through `JSONEncoder`, which
/// took longer over 50,000 findings than the scan took to find them.
enum JSONReport {
    static func render(_ report: AuditReport) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.raw("{\n  \"findings\": [")
        json.bytes += Self.findings(report.findings)
        json.raw(report.findings.isEmpty ? "],\n  \"summary\": {" : "\n  ],\n  \"summary\": {")
        let summary = report.summary
        for (key, value) in [
            ("files", summary.files), ("bytes", summary.bytes), ("errors", summary.errors), ("warnings", summary.warnings), ("infos", summary.infos),
        ] {
            json.key(key)
            json.raw(String(value))
        }
        json.raw("},\n  \"workloads\": [")
        for (index, workload) in report.workloads.enumerated() {
            json.raw(index == 0 ? "\n    {" : ",\n    {")
            json.field("name", workload.name)
            json.field("kind", workload.kind)
            json.field("evidence", workload.evidence)
            for (key, value) in [("live", workload.live), ("ready", workload.ready), ("metrics", workload.metrics), ("schedule", workload.schedule)] {
                if let value { json.field(key, value) }
            }
            if let heartbeat = workload.heartbeat {
                json.key("heartbeat")
                json.raw(heartbeat ? "true" : "false")
            }
            if let unconfirmed = workload.unconfirmed {
                json.key("unconfirmed")
                json.raw("{")
                for key in unconfirmed.keys.sorted() { json.field(key, unconfirmed[key] ?? "") }
                json.raw("}")
            }
            json.raw("}")
        }
        json.raw(report.workloads.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        return json.bytes
    }

    /// The findings, one per line, rendered in slices on every core and joined in order.
    private static func findings(_ findings: [Finding]) -> [UInt8] {
        let slices = findings.isEmpty ? 0 : min(8, (findings.count + 4_095) / 4_096)
        return Parallel.map(slices) { slice in
            let range = findings.count * slice / slices..<findings.count * (slice + 1) / slices
            var json = JSONWriter(capacity: 320 * range.count)
            for index in range {
                let finding = findings[index]
                json.raw(index == 0 ? "\n    {\"id\": " : ",\n    {\"id\": ")
                json.string(finding.id)
                json.raw(", \"severity\": ")
                json.string(finding.severity.rawValue)
                json.raw(", \"file\": ")
                json.string(finding.file)
                json.raw(", \"line\": \(finding.line), \"message\": ")
                json.string(finding.message)
                json.raw(", \"hint\": ")
                json.string(finding.hint)
                json.raw("}")
            }
            return json.bytes
        }.flatMap { $0 }
    }
}
