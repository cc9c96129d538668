import VitalsCore

/// `vitals.yml` text, with environment variables to substitute. Either a spec, whose summary renders, or
/// errors that each name a position and a key path.
enum SpecHarness {
    static let environment = ["HOST": "127.0.0.1", "SECRET": "0123456789abcdef0123", "EMPTY": ""]

    static func run(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        let spec: Spec
        do {
            spec = try SpecLoader.parse(text, file: "fuzz.yml", environment: Self.environment)
        } catch {
            try check(!error.errors.isEmpty, "a refusal without a problem")
            for problem in error.errors {
                try check(problem.line >= 1 && problem.column >= 1, "position \(problem.line):\(problem.column)")
                try check(!problem.message.isEmpty && !problem.hint.isEmpty, "a problem without words: \(problem)")
            }
            return
        }
        try check(!SpecSummary.render(spec).isEmpty, "an empty summary")
        for workload in spec.workloads {
            try check(workload.timeout <= workload.interval, "timeout \(workload.timeout) over interval \(workload.interval)")
            try check(workload.interval <= Bounds.longestDuration, "interval \(workload.interval) accepted")
        }
    }
}
