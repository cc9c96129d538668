import Foundation
import VitalsCore
import VitalsFuzzCore
import VitalsWatcher

/// Arbitrary observations — scraped samples with any value (NaN, ±Inf, 1e300, negative), probe results,
/// stored runs and minute rollups with whatever a broken row holds — through every diagnoser, the evidence,
/// the status page and the JSON API. They must not trap, and what they write must be well formed: the API
/// valid JSON, the page escaped HTML whose charts carry only numbers.
enum ObservationHarness {
    static let spec = try! SpecLoader.parse(
        """
        workloads:
          api:
            kind: api
            live: http://127.0.0.1:1/live
            ready: http://127.0.0.1:1/ready
            metrics: http://127.0.0.1:1/metrics
            synthetic:
              - get: http://127.0.0.1:1/orders
                expect: { status: 200, json: { "$.items": array } }
            slo: { availability: 99.9%, latency: { below: 250ms, target: 99% } }
          worker: { kind: worker, metrics: "http://127.0.0.1:1/metrics", progress_within: 2m, backlog: { max_age: 5m } }
          beat: { kind: worker, heartbeat: true }
          job: { kind: job, schedule: "*/5 * * * *", max_duration: 2m, min_records: 1 }
        """,
        file: "fuzz.yml",
        environment: [:]
    )
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func run(_ bytes: [UInt8]) throws {
        var input = ByteReader(bytes)
        let board = ObservationBoard(spec: Self.spec)
        var time = Self.start
        // Scrapes, probes and failures, in the order the input says.
        while !input.isAtEnd {
            time.addTimeInterval(Double(1 + input.int(60)))
            switch input.int(4) {
            case 0, 1:
                let workload = input.bool() ? "api" : "worker"
                let text = Self.exposition(&input)
                let exposition = ExpositionParser(format: .prometheus).parse(Array(text.utf8))
                let reading = ScrapeReading(exposition, profile: .vitals)
                board.recordScrape(reading, workload: workload, at: time)
            case 2:
                let checks = Self.spec.workloads[0].probeChecks
                let check = checks[input.int(checks.count)]
                let failure = input.bool() ? ProbeOutcome.Failure.allCases[input.int(ProbeOutcome.Failure.allCases.count)] : nil
                board.record(
                    ProbeOutcome(
                        check: check.id,
                        at: time,
                        latency: input.double(),
                        status: input.bool() ? 200 + input.int(400) : nil,
                        failure: failure,
                        detail: input.text()
                    )
                )
            default:
                board.recordScrapeFailure(input.text(), workload: input.bool() ? "api" : "worker", at: time)
            }
        }
        board.restore(Self.rollups(&input, now: time), workload: "worker")
        board.restore(Self.rollups(&input, now: time), workload: "api")

        let runs = (0..<input.int(30)).map { _ in
            JobRunRecord(
                storedStartedAt: input.bool() ? input.double() : nil,
                finishedAt: input.bool() ? input.double() : nil,
                exitStatus: input.bool() ? input.int(300) - 20 : nil,
                durationSeconds: input.double(),
                records: input.bool() ? Int(truncatingIfNeeded: Int64(bitPattern: UInt64(input.byte()) << 56)) : input.int(1000),
                logTail: input.text()
            )
        }
        let lastPing = input.bool() ? Date(timeIntervalSince1970: 1_799_990_000 + Double(input.int(20_000))) : nil
        let watchingSince = Self.start.addingTimeInterval(-86_400)
        var diagnoses: [String: [Diagnosis]] = [:]
        for workload in Self.spec.workloads {
            let observation = board.observation(workload.name, watchingSince: watchingSince)
            diagnoses[workload.name] =
                APIDiagnoser.diagnose(workload, observation: observation, now: time)
                + WorkerDiagnoser.diagnose(workload, observation: observation, now: time)
                + HeartbeatDiagnoser.diagnose(workload, lastPing: lastPing, watchingSince: watchingSince, now: time)
                + JobDiagnoser.diagnose(workload, runs: runs, watchingSince: watchingSince, now: time)
        }
        for diagnosis in diagnoses.values.joined() {
            try check(!diagnosis.evidence.isEmpty, "\(diagnosis.id) without evidence")
        }

        let evaluation = Evaluation(at: time, diagnoses: diagnoses, alerts: [:], silences: [], actions: [])
        let statuses = Self.spec.workloads.map { workload in
            StatusReader.status(workload, runs: workload.kind == .job ? runs : [], lastPing: lastPing, evaluation: evaluation, now: time)
        }
        let json = try APIResponse.encode(["workloads": statuses])
        try check((try? JSONSerialization.jsonObject(with: json)) != nil, "the API wrote invalid JSON")

        let view = StatusView(title: "Vitals", evaluateEvery: .seconds(5), board: board)
        for page in [view.overview(WorkloadPage(all: statuses), query: WorkloadQuery(), evaluatedAt: time)] + statuses.map(view.detail) {
            try check(!page.contains("<script") && !page.contains("javascript:"), "unescaped markup from outside")
            for number in ["nan", "inf"] {
                try check(!page.lowercased().contains("=\"\(number)") && !page.lowercased().contains(",\(number)"), "\(number) in a chart")
            }
        }
    }

    /// An exposition of the HTTP and worker families with values from the input.
    static func exposition(_ input: inout ByteReader) -> String {
        let status = ["200", "500", "503", input.text()][input.int(4)]
        var lines = ["# TYPE http_server_request_duration_seconds histogram"]
        for bound in ["0.1", "1", "+Inf"] {
            lines.append("http_server_request_duration_seconds_bucket{http_response_status_code=\"\(status)\",le=\"\(bound)\"} \(input.double())")
        }
        lines.append("http_server_request_duration_seconds_count{http_response_status_code=\"\(status)\"} \(input.double())")
        lines.append("# TYPE process_start_time_seconds gauge")
        lines.append("process_start_time_seconds \(input.double())")
        lines.append("# TYPE worker_events_handled_total counter")
        lines.append(
            "worker_events_handled_total{handler=\"h\",event_type=\"e\",outcome=\"\(input.bool() ? "failed" : "success")\"} \(input.double())"
        )
        lines.append("# TYPE worker_events_failed_total counter")
        lines.append(
            "worker_events_failed_total{handler=\"\(Self.escaped(input.text()))\",event_type=\"e\",error_class=\"\(Self.escaped(input.text()))\"} \(input.double())"
        )
        for (name, value) in [
            ("worker_queue_depth", input.double()), ("worker_queue_oldest_age_seconds", input.double()),
            ("worker_last_read_timestamp_seconds", input.double()), ("worker_last_progress_timestamp_seconds", input.double()),
        ] {
            lines.append("# TYPE \(name) gauge")
            lines.append("\(name){queue=\"q\"} \(value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A label value as the text format writes it.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Stored minutes holding anything a broken row could: the charts' input.
    static func rollups(_ input: inout ByteReader, now: Date) -> [MinuteRollup] {
        let minute = Int64(now.timeIntervalSince1970 / 60)
        return (0..<input.int(40)).map { offset in
            var rollup = MinuteRollup(minute: minute - Int64(offset))
            rollup.scrapes = input.int(5)
            rollup.requests = input.double()
            rollup.errors = input.double()
            rollup.backlog = input.bool() ? input.double() : nil
            rollup.oldestAge = input.bool() ? input.double() : nil
            rollup.read = input.double()
            rollup.handled = input.double()
            rollup.failed = input.double()
            return rollup
        }
    }
}
