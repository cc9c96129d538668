import Foundation
import Testing
import VitalsCore
import VitalsProcess

/// The watcher and the compiled rules agree: each alert scenario (whose rule verdict promtool proves in
/// AlertScenarioTests) is replayed through the watcher's own pipeline — the same series rendered as
/// expositions minute by minute, parsed, accumulated, rolled up and diagnosed — and must reach the same verdict.
@Suite struct ParityTests {
    static let spec = try! SpecLoader.parse(RulesFixture.yaml, file: "vitals.yml", environment: [:])
    static let diagnosisOf: [String: Diagnosis.ID] = [
        "VitalsApiErrors": .apiErrors, "VitalsApiLatency": .apiLatency, "VitalsWorkerStalled": .workerStalled, "VitalsJobStale": .jobStale,
        "VitalsJobNotRunning": .jobNotRunning, "VitalsJobFailed": .jobFailed, "VitalsJobEmptyOutput": .jobEmptyOutput,
        "VitalsWorkerNotConsuming": .workerNotConsuming, "VitalsWorkerFailing": .workerFailing, "VitalsApiRestarting": .apiRestarting,
        "VitalsApiNoTraffic": .apiNoTraffic,
        "VitalsApiSloBurnAvailabilityPage": .apiSLOBurn, "VitalsApiSloBurnAvailabilityTicket": .apiSLOBurn,
    ]

    /// `0+60x20`, `50x20`, `-10000x20`, `0+100x20 2000x20`: promtool's expanding notation, as values per minute.
    static func values(_ notation: String) -> [Double] {
        notation.split(separator: " ").flatMap { segment -> [Double] in
            let match = String(segment).wholeMatch(of: /(-?[0-9]+)(?:\+([0-9]+))?x([0-9]+)/)!
            let start = Double(match.1)!
            let step = match.2.map { Double($0)! } ?? 0
            let count = Int(match.3)!
            return (0...count).map { start + step * Double($0) }
        }
    }

    /// The series at minute `minute` as an exposition, typed by name as the library would type them.
    static func exposition(_ series: [(String, String)], minute: Int) -> String {
        var families: [String: (type: String, lines: [String])] = [:]
        for (name, notation) in series {
            let metric = String(name.prefix { $0 != "{" })
            let (family, type): (String, String) =
                metric.hasSuffix("_bucket")
                ? (String(metric.dropLast(7)), "histogram")
                : metric.hasSuffix("_count")
                    ? (String(metric.dropLast(6)), "histogram")
                    : metric.hasSuffix("_total") ? (metric, "counter") : (metric, "gauge")
            let values = self.values(notation)
            families[family, default: (type, [])].lines.append("\(name) \(values[min(minute, values.count - 1)])")
        }
        return families.sorted { $0.key < $1.key }.map { "# TYPE \($0.key) \($0.value.type)\n" + $0.value.lines.joined(separator: "\n") }.joined(
            separator: "\n"
        ) + "\n"
    }

    static func minutes(_ text: String) -> Int { Int(text.dropLast())! }

    @Test(arguments: AlertScenarioTests.scenarios.indices)
    func theWatcherAgreesWithTheRule(index: Int) throws {
        let scenario = AlertScenarioTests.scenarios[index]
        let workload = try #require(Self.spec.workloads.first { $0.name == scenario.rules })
        let diagnosis = try #require(Self.diagnosisOf[scenario.alert])
        let evalMinute = Self.minutes(scenario.at)
        let now = Date(timeIntervalSince1970: Double(evalMinute * 60))
        let found: [Diagnosis]
        if workload.kind == .job {
            // The watcher reads jobs from their runs: the gauges' last run as a finished run.
            func gauge(_ prefix: String) -> Double { Self.values(scenario.series.first { $0.0.hasPrefix(prefix) }!.1)[0] }
            let started = gauge("job_last_run_timestamp")
            let run = JobRunRecord(
                startedAt: Date(timeIntervalSince1970: started),
                finishedAt: Date(timeIntervalSince1970: started + 60),
                exitStatus: gauge("job_last_run_status") == 1 ? 0 : 1,
                durationSeconds: 60,
                records: Int(gauge("job_last_run_records"))
            )
            found = JobDiagnoser.diagnose(workload, runs: [run], watchingSince: Date(timeIntervalSince1970: started - 120), now: now)
        } else {
            let fastBelow: Duration? = workload.api?.slo?.latencyBelow
            var accumulator = SignalAccumulator(fastBelow: fastBelow.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 })
            var minutes: [SLOMinute] = []
            for minute in 0...evalMinute {
                let text = Self.exposition(scenario.series, minute: minute)
                let exposition = ExpositionParser(format: .prometheus).parse(Array(text.utf8))
                #expect(exposition.errors.isEmpty, "\(exposition.errors)")
                // Scraped just after each minute's sample, so a closed minute holds that minute's increase.
                let closed = accumulator.record(ScrapeReading(exposition, profile: .vitals), at: Date(timeIntervalSince1970: Double(minute * 60) + 1))
                minutes += closed.map(SLOMinute.init)
            }
            var observation = Observation(watchingSince: Date(timeIntervalSince1970: 0))
            observation.signals = accumulator
            observation.sloMinutes = minutes + (accumulator.openMinute.map { [SLOMinute($0)] } ?? [])
            found =
                workload.kind == .api
                ? APIDiagnoser.diagnose(workload, observation: observation, now: now)
                : WorkerDiagnoser.diagnose(workload, observation: observation, now: now)
        }
        var holds = found.contains { $0.id == diagnosis }
        // The SLO's page and ticket are one diagnosis in the watcher, told apart by severity.
        if diagnosis == .apiSLOBurn {
            let severity: Severity = scenario.alert.hasSuffix("Page") ? .critical : .warning
            holds = found.contains { $0.id == diagnosis && $0.severity >= severity }
        }
        #expect(
            holds == scenario.fires,
            "\(scenario.name): the rule says \(scenario.fires ? "fire" : "quiet"), the watcher found \(found.map { "\($0.id): \($0.evidence)" })"
        )
    }
}
