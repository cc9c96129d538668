import Foundation
import Testing
import VitalsCore

/// Version changes seen in `vitals_build_info` are deploys: one per rollout, named in evidence, and
/// `api.regressed_after_deploy` when a version is clearly worse than the one before it.
@Suite struct DeployTests {
    static let t0 = SignalTests.t0
    static let api = APIWorkerDiagnoserTests.api

    /// One instance's scrape: cumulative requests and 5xx, and the version it runs.
    static func scrape(ok: Int, failed: Int, version: String, start: Double) -> ScrapeReading {
        let text =
            SignalTests.vitalsAPI(ok: ok, failed: failed, start: start)
            + "# TYPE vitals_build_info gauge\nvitals_build_info{version=\"\(version)\",revision=\"abc\"} 1\n"
        let exposition = ExpositionParser(format: .prometheus, keep: { MetricProfile.anyFamily.contains($0) }).parse(Array(text.utf8))
        return ScrapeReading(exposition, profile: .vitals)
    }

    /// Two instances on 1.4.2 for 40 minutes with `before` of every 100 requests failing, then a rollout of
    /// 1.4.3 (instance a, then b a minute later) after which `after` of every 100 fail; diagnoses 5 minutes on.
    func rollout(before: Int, after: Int) -> (found: [String: String], signals: WorkloadSignals) {
        var signals = WorkloadSignals()
        var counts = ["a": (ok: 0, failed: 0), "b": (ok: 0, failed: 0)]
        var at = Self.t0
        for step in 0..<180 {
            let minute = Double(step) / 4
            for instance in ["a", "b"] {
                let deployed = minute >= 40 && (instance == "a" || minute >= 41)
                let failing = deployed ? after : before
                counts[instance]!.ok += 100 - failing
                counts[instance]!.failed += failing
                // A deploy restarts the process: counters start again, as the watcher must read them.
                let start = deployed ? (instance == "a" ? 1_800_002_400.0 : 1_800_002_460) : 1_799_999_000
                if deployed, counts[instance]!.ok > 0, start > 1_800_000_000, (minute == 40 && instance == "a") || (minute == 41 && instance == "b") {
                    counts[instance] = (100 - failing, failing)
                }
                let version = deployed ? "1.4.3" : "1.4.2"
                _ = signals.record(
                    Self.scrape(ok: counts[instance]!.ok, failed: counts[instance]!.failed, version: version, start: start),
                    instance: instance,
                    at: at
                )
            }
            at += 15
        }
        var observation = Observation(watchingSince: Self.t0)
        observation.instances = ["a", "b"]
        observation.signals = signals
        let found = APIDiagnoser.diagnose(Self.api, observation: observation, now: at - 15)
        return (Dictionary(found.map { ($0.id.rawValue, $0.evidence) }, uniquingKeysWith: { $1 }), signals)
    }

    @Test func deploysAreKeptInTheMinutesTheStoreWritesAndComeBackAfterARestart() throws {
        var signals = WorkloadSignals()
        var closed: [MinuteRollup] = []
        var at = Self.t0
        // Six minutes, a scrape every 15 s: instance a runs 1.4.3 from the third minute, b from the fourth.
        for step in 0..<24 {
            for (instance, deployed) in [("a", step >= 8), ("b", step >= 12)] {
                let reading = Self.scrape(ok: 100 * (step + 1), failed: 0, version: deployed ? "1.4.3" : "1.4.2", start: 1_799_999_000)
                closed += signals.record(reading, instance: instance, at: at)
            }
            at += 15
        }
        let marked = closed.compactMap(\.deploys).flatMap { $0 }
        #expect(Set(marked.map(\.to)) == ["1.4.3"] && Set(marked.map(\.from)) == ["1.4.2"], "\(marked)")
        #expect(marked.last?.instances == ["a", "b"], "the minute b joined the rollout says so")
        #expect(closed.filter { $0.deploys != nil }.map(\.minute).count == 2, "marked in the minute it began and the one it grew")

        // Through JSON as the stores write it (+Inf bounds as strings), as a restarted watcher reads its minutes back.
        let (encoder, decoder) = (JSONEncoder(), JSONDecoder())
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        let stored = try closed.map { try decoder.decode(MinuteRollup.self, from: encoder.encode($0)) }
        var restarted = WorkloadSignals()
        restarted.restoreDeploys(stored)
        #expect(restarted.deploys.deploys == signals.deploys.deploys)
        _ = restarted.record(Self.scrape(ok: 1, failed: 0, version: "1.4.3", start: 1_799_999_000), instance: "a", at: at)
        #expect(restarted.deploys.deploys.count == 1, "an instance still on the deployed version is no new deploy")
        _ = restarted.record(Self.scrape(ok: 1, failed: 0, version: "1.4.4", start: 1_799_999_000), instance: "a", at: at + 15)
        #expect(restarted.deploys.deploys.last?.from == "1.4.3" && restarted.deploys.deploys.last?.to == "1.4.4")
    }

    @Test func aVersionThatFailsMoreThanTheOneBeforeRegressedAfterItsDeploy() throws {
        let (found, signals) = self.rollout(before: 0, after: 20)
        #expect(signals.deploys.deploys.count == 1, "one rollout, however many instances")
        #expect(signals.deploys.deploys.first?.instances == ["a", "b"])
        let regressed = try #require(found["api.regressed_after_deploy"])
        #expect(regressed.hasPrefix("since 1.4.3 started on 2 of 2 instances 4m45s ago (was 1.4.2): 5xx 1"), "\(regressed)")
        #expect(regressed.contains(", was 0.0% of "), "\(regressed)")
        #expect(regressed.hasSuffix("before under 1.4.2"), "\(regressed)")
        let errors = try #require(found["api.errors"])
        #expect(errors.hasSuffix("; 1.4.3 started on 2 of 2 instances 4m45s ago (was 1.4.2)"), "\(errors)")
    }

    @Test func aDeployThatChangesNothingIsNamedNowhere() {
        let (found, signals) = self.rollout(before: 0, after: 0)
        #expect(signals.deploys.deploys.map(\.to) == ["1.4.3"])
        #expect(found.isEmpty, "\(found)")
    }

    @Test func errorsThatWereThereBeforeAreNotTheDeploys() throws {
        let (found, _) = self.rollout(before: 20, after: 20)
        #expect(found["api.regressed_after_deploy"] == nil)
        #expect(found["api.errors"] != nil, "the errors are still errors")
    }

    @Test func rolloutsReplacedInstancesAndRollbacks() {
        var history = DeployHistory()
        let t = Self.t0
        history.record("1.0", instance: "a", at: t)
        history.record("1.0", instance: "b", at: t)
        #expect(history.deploys.isEmpty, "a first sight is not a deploy")
        history.record("1.1", instance: "a", at: t + 60)
        history.record("1.0", instance: "b", at: t + 75)  // not yet rolled: the old version is no deploy
        history.record("1.1", instance: "b", at: t + 120)
        #expect(history.deploys == [Deploy(at: t + 60, from: "1.0", to: "1.1", instances: ["a", "b"])])
        // A pod replaced: a new instance with the new version, the old one gone.
        history.keep(instances: ["a"])
        history.record("1.2", instance: "c", at: t + 3600)
        #expect(history.deploys.last == Deploy(at: t + 3600, from: "1.1", to: "1.2", instances: ["c"]))
        // Rolled back, after the rollout window: a deploy of its own.
        history.record("1.1", instance: "c", at: t + 7200)
        #expect(history.deploys.last?.from == "1.2")
        #expect(history.deploys.last?.to == "1.1")
        #expect(history.deploys.count == 3)
    }
}
