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
        "VitalsApiNoTraffic": .apiNoTraffic, "VitalsApiDown": .apiDown, "VitalsApiInstanceDown": .apiInstanceDown,
        "VitalsApiNotReady": .apiNotReady, "VitalsApiRegressedAfterDeploy": .apiRegressedAfterDeploy,
        "VitalsApiSloBurnAvailabilityPage": .apiSLOBurn, "VitalsApiSloBurnAvailabilityTicket": .apiSLOBurn,
    ]

    /// `0+60x20`, `50x20`, `-10000x20`, `0+100x20 2000x20`, `1x60 _x29`: promtool's expanding notation, as
    /// values per minute; `_` is a minute without a sample (`_xN` is N of them, `axN` N + 1 values).
    static func values(_ notation: String) -> [Double?] {
        notation.split(separator: " ").flatMap { segment -> [Double?] in
            if let missing = String(segment).wholeMatch(of: /_x([0-9]+)/) { return Array(repeating: nil, count: Int(missing.1)!) }
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
            guard let value = values[min(minute, values.count - 1)] else { continue }
            families[family, default: (type, [])].lines.append("\(name) \(value)")
        }
        return families.sorted { $0.key < $1.key }.map { "# TYPE \($0.key) \($0.value.type)\n" + $0.value.lines.joined(separator: "\n") }.joined(
            separator: "\n"
        ) + "\n"
    }

    static func minutes(_ text: String) -> Int { Int(text.dropLast())! }

    /// The `instance` label of a series; `""` for a workload reached at whole URLs.
    static func instance(_ series: String) -> String {
        series.firstMatch(of: /instance="([^"]*)"/).map { String($0.1) } ?? ""
    }

    /// The `probe_success` series as the watcher's probe streaks, one outcome a minute per instance.
    static func probes(_ workload: Workload, series: [(String, String)], through minute: Int) -> [ProbeView] {
        let results = series.filter { $0.0.hasPrefix("probe_success") }
        let instances = Array(Set(results.map { self.instance($0.0) })).sorted()
        return workload.probeChecks(on: instances).compactMap { check in
            let job = "\(workload.name)-\(check.role)"
            guard let values = results.first(where: { $0.0.contains("job=\"\(job)\"") && self.instance($0.0) == (check.instance ?? "") }) else {
                return nil
            }
            var streak = ProbeStreak()
            for (index, value) in self.values(values.1).prefix(minute + 1).enumerated() {
                let ok = value == 1
                streak.record(
                    ProbeOutcome(
                        check: check.id,
                        at: Date(timeIntervalSince1970: Double(index * 60)),
                        latency: 0.01,
                        status: ok ? 200 : 503,
                        failure: ok ? nil : .httpStatus,
                        detail: ok ? "200 OK" : "503 Service Unavailable"
                    )
                )
            }
            return ProbeView(check: check, streak: streak)
        }
    }

    /// Whether the watcher's diagnosis is the one the alert's matchers pick: a route's own alert is the
    /// diagnosis naming that route's own threshold, `route=""` the workload's, an instance's names it.
    static func picks(_ found: Diagnosis, matching: String) -> Bool {
        if let route = matching.firstMatch(of: /route="([^"]*)"/)?.1 {
            return route.isEmpty ? found.evidence.contains("(threshold ") : found.evidence.contains("`\(route)`")
        }
        if let instance = matching.firstMatch(of: /instance="([^"]*)"/)?.1 { return found.evidence.contains(String(instance)) }
        return true
    }

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
            func gauge(_ prefix: String) -> Double { Self.values(scenario.series.first { $0.0.hasPrefix(prefix) }!.1)[0] ?? .nan }
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
            let routeRules = workload.api?.routes ?? []
            var accumulator = WorkloadSignals(
                fastBelow: fastBelow.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 },
                routeRules: routeRules
            )
            var rollups: [MinuteRollup] = []
            // Each instance's series scraped on their own, as the watcher scrapes each instance.
            let scraped = scenario.series.filter { !$0.0.hasPrefix("probe_success") }
            let instances = Array(Set(scraped.map { Self.instance($0.0) })).sorted()
            for minute in 0...evalMinute {
                for instance in instances {
                    let text = Self.exposition(scraped.filter { Self.instance($0.0) == instance }, minute: minute)
                    let exposition = ExpositionParser(format: .prometheus).parse(Array(text.utf8))
                    #expect(exposition.errors.isEmpty, "\(exposition.errors)")
                    // Scraped just after each minute's sample, so a closed minute holds that minute's increase.
                    let reading = ScrapeReading(exposition, profile: .vitals, ignoredRoutes: workload.api?.ignoreRoutes ?? [])
                    let closed = accumulator.record(reading, instance: instance, at: Date(timeIntervalSince1970: Double(minute * 60) + 1))
                    rollups += closed
                }
            }
            rollups += accumulator.openMinute.map { [$0] } ?? []
            var observation = Observation(watchingSince: Date(timeIntervalSince1970: 0))
            observation.signals = instances.isEmpty ? nil : accumulator
            observation.probes = Self.probes(workload, series: scenario.series, through: evalMinute)
            let probed = Set(observation.probes.compactMap(\.check.instance))
            if workload.endpoints?.instances != nil { observation.instances = Array(Set(instances).union(probed)).sorted() }
            observation.sloMinutes = rollups.map(SLOMinute.init)
            for route in routeRules where route.slo != nil {
                observation.routeSLOMinutes[route.key] = rollups.map { SLOMinute($0, route: route.key) }
            }
            found =
                workload.kind == .api
                ? APIDiagnoser.diagnose(workload, observation: observation, now: now)
                : WorkerDiagnoser.diagnose(workload, observation: observation, now: now)
        }
        var holds = found.contains { $0.id == diagnosis && Self.picks($0, matching: scenario.matching) }
        // The SLO's page and ticket are one diagnosis in the watcher, told apart by severity.
        if diagnosis == .apiSLOBurn {
            let severity: Severity = scenario.alert.hasSuffix("Page") ? .critical : .warning
            holds = found.contains { $0.id == diagnosis && $0.severity >= severity && Self.picks($0, matching: scenario.matching) }
        }
        #expect(
            holds == scenario.fires,
            "\(scenario.name): the rule says \(scenario.fires ? "fire" : "quiet"), the watcher found \(found.map { "\($0.id): \($0.evidence)" })"
        )
    }
}
