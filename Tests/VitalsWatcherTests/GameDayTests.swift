import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import VitalsBase
import VitalsSignals

/// Game day against `vitals demo` as a user runs it: each injected fault must bring its diagnosis, the
/// alert must fire within `for:` plus two evaluation intervals of the diagnosis, and everything must
/// clear after recovery. Faults on independent parts run together, in rounds, each from a clean board.
///
/// Timings follow the demo's spec (`DemoWatcherSpec`): probes every 2 s with a 1 s timeout and two
/// failures to go down, a 20 s signal window, `progress_within: 15s`, `for: 4s`, evaluation every 2 s.
@Suite(.timeLimit(.minutes(15))) struct GameDayTests {
    static let forHold = 4.0, evaluateEvery = 2.0
    /// What a fault needs before its diagnosis can hold: the probe streak, the signal window, the progress bound.
    static let probeDetection = 2 * 2.0 + 1, windowDetection = 20.0, progressDetection = 15.0 + 2, jobDetection = 2.0 + 10
    /// `no_traffic_after: 30s` of the demo's spec, and a scrape to see it.
    static let noTrafficDetection = 30.0 + 2 * 2

    struct Fault {
        /// Posted to `/faults`; several expectations of one fault share a body and it is posted once.
        let body: String
        let workload: String
        let diagnosis: String
        let detection: Double
        /// What the evidence must say (`{instance N}` stands for API instance N's address), and must not.
        var says: [String] = []
        var neverSays: [String] = []
        /// Diagnoses of the workload that must not appear while the fault holds.
        var never: [String] = []
    }

    static let rounds: [[Fault]] = [
        [
            // Errors on every instance are the workload's: no instance is singled out by chance.
            Fault(
                body: #"{"error_rate": 0.1}"#,
                workload: "orders-api",
                diagnosis: "api.errors",
                detection: windowDetection,
                neverSays: ["of 2 instances"]
            ),
            Fault(body: #"{"worker": "stall"}"#, workload: "orders-worker", diagnosis: "worker.stalled", detection: progressDetection),
            Fault(body: #"{"job": "fail"}"#, workload: "daily-report", diagnosis: "job.failed", detection: 2 * 2.0),
        ],
        [
            Fault(body: #"{"latency_ms": 1500}"#, workload: "orders-api", diagnosis: "api.latency", detection: windowDetection),
            Fault(body: #"{"worker": "poison"}"#, workload: "orders-worker", diagnosis: "worker.failing", detection: windowDetection),
            Fault(body: #"{"job": "empty"}"#, workload: "daily-report", diagnosis: "job.empty_output", detection: 2 * 2.0),
        ],
        [
            // Readiness 503s are not the API's errors, and the evidence names the failing check.
            Fault(
                body: #"{"db": "down"}"#,
                workload: "orders-api",
                diagnosis: "api.not_ready",
                detection: probeDetection,
                says: ["2 of 2 instances", "failing: database"],
                never: ["api.errors", "api.down"]
            ),
            // The worker's /metrics answers although its backlog query hangs: not consuming, backlog unknown.
            Fault(
                body: #"{"db": "down"}"#,
                workload: "orders-worker",
                diagnosis: "worker.not_consuming",
                detection: progressDetection,
                says: ["backlog unknown"]
            ),
            Fault(body: #"{"job": "skip"}"#, workload: "daily-report", diagnosis: "job.not_running", detection: jobDetection),
        ],
        [
            Fault(
                body: #"{"instance": 2, "error_rate": 0.5}"#,
                workload: "orders-api",
                diagnosis: "api.errors",
                detection: windowDetection,
                says: ["1 of 2 instances: {instance 2}"],
                neverSays: ["instances: {instance 1}"]
            )
        ],
        [
            Fault(
                body: #"{"route": "POST /orders", "error_rate": 0.6}"#,
                workload: "orders-api",
                diagnosis: "api.errors",
                detection: windowDetection,
                says: ["`POST /orders`"]
            )
        ],
        [
            // A stopped instance is one instance down, not the workload down.
            Fault(
                body: #"{"instance": 2, "stopped": true}"#,
                workload: "orders-api",
                diagnosis: "api.instance_down",
                detection: probeDetection,
                says: ["1 of 2 instances: {instance 2}"],
                never: ["api.down"]
            )
        ],
        [
            // Why, not only what: the slow database is named as the cause of the latency, and on its own.
            Fault(
                body: #"{"db": "slow", "delay_ms": 1500}"#,
                workload: "orders-api",
                diagnosis: "api.latency",
                detection: windowDetection,
                says: ["of request time in `orders-db` (sqlite)"]
            ),
            Fault(
                body: #"{"db": "slow", "delay_ms": 1500}"#,
                workload: "orders-api",
                diagnosis: "api.dependency",
                detection: windowDetection,
                says: ["`orders-db` (sqlite): p99 "],
                neverSays: ["payments"]
            ),
        ],
        [
            Fault(
                body: #"{"payments": "failing"}"#,
                workload: "orders-api",
                diagnosis: "api.errors",
                detection: windowDetection,
                says: ["calls failing to `payments` (http) "]
            ),
            Fault(
                body: #"{"payments": "failing"}"#,
                workload: "orders-api",
                diagnosis: "api.dependency",
                detection: windowDetection,
                says: ["`payments` (http): ", " calls failed over "],
                neverSays: ["orders-db"]
            ),
        ],
        [
            // The watcher keeps probing and scraping; none of that is traffic.
            Fault(body: #"{"load": 0}"#, workload: "orders-api", diagnosis: "api.no_traffic", detection: noTrafficDetection)
        ],
        [
            // A rolling deploy of a version that fails: the regression names both versions, the errors the deploy.
            // Last: the version stays deployed after recovery, as a fixed bug leaves it.
            Fault(
                body: #"{"deploy": "1.4.3", "error_rate": 0.2}"#,
                workload: "orders-api",
                diagnosis: "api.regressed_after_deploy",
                detection: windowDetection + 6,
                says: ["since 1.4.3 started on ", "(was 1.4.2): 5xx ", "before under 1.4.2"],
                never: ["api.restarting", "api.down"]
            ),
            Fault(
                body: #"{"deploy": "1.4.3", "error_rate": 0.2}"#,
                workload: "orders-api",
                diagnosis: "api.errors",
                detection: windowDetection + 6,
                says: ["1.4.3 started on "]
            ),
        ],
    ]

    /// Diagnoses by workload and id, e.g. `["orders-api": ["api.errors": ("firing", "5xx: …")]]`.
    static func alerts(_ watcher: Int) async throws -> [String: [String: (phase: String, evidence: String)]] {
        let workloads = try await DemoProcess.json("http://127.0.0.1:\(watcher)/api/v1/workloads")["workloads"] as? [[String: Any]] ?? []
        var found: [String: [String: (phase: String, evidence: String)]] = [:]
        for workload in workloads {
            let name = workload["name"] as? String ?? "?"
            for diagnosis in workload["diagnoses"] as? [[String: Any]] ?? [] {
                found[name, default: [:]][diagnosis["id"] as? String ?? "?"] =
                    (diagnosis["alert"] as? String ?? "none", diagnosis["evidence"] as? String ?? "")
            }
        }
        return found
    }

    static func faults(_ demo: DemoProcess, method: HTTPMethod, body: String = "") async throws {
        let status = try await demo.faults(method, body)
        #expect(status == .ok, "\(method) /faults \(body)")
    }

    @Test func everyFaultIsDiagnosedInTimeAndClearsAfterRecovery() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gameday-\(UUID().uuidString)")
        let demo = try await DemoProcess.start(dataDir: directory, reportEvery: "2s")
        defer { demo.kill() }

        // A clean start raises nothing: 30 s with signals flowing.
        let clock = ContinuousClock()
        let cleanUntil = clock.now + .seconds(30)
        while clock.now < cleanUntil {
            try await Task.sleep(for: .seconds(2))
            let alerts = try await Self.alerts(demo.watcher)
            #expect(alerts.isEmpty, "a healthy demo raised \(alerts)")
        }

        for round in Self.rounds {
            for body in Set(round.map(\.body)).sorted() { try await Self.faults(demo, method: .POST, body: body) }
            let injected = clock.now
            var diagnosedAt: [String: Double] = [:]
            var firingAt: [String: Double] = [:]
            var evidence: [String: String] = [:]
            var forbidden: [String] = []
            let key = { (fault: Fault) in "\(fault.workload) \(fault.diagnosis)" }
            let deadline = (round.map(\.detection).max() ?? 0) + Self.forHold + 2 * Self.evaluateEvery + 6
            while clock.now - injected < .seconds(deadline), firingAt.count < round.count {
                try await Task.sleep(for: .milliseconds(500))
                let alerts = try await Self.alerts(demo.watcher)
                let elapsed = (clock.now - injected).inSeconds
                for fault in round {
                    forbidden += fault.never.filter { alerts[fault.workload]?[$0] != nil }.map {
                        "\(fault.body): \($0) \(alerts[fault.workload]?[$0]?.evidence ?? "")"
                    }
                    guard let (phase, text) = alerts[fault.workload]?[fault.diagnosis] else { continue }
                    evidence[key(fault)] = text
                    if diagnosedAt[key(fault)] == nil { diagnosedAt[key(fault)] = elapsed }
                    if phase == "firing", firingAt[key(fault)] == nil { firingAt[key(fault)] = elapsed }
                }
            }
            #expect(forbidden.isEmpty, "diagnosed what the fault is not: \(Set(forbidden).sorted())")
            for fault in round {
                let diagnosed = try #require(diagnosedAt[key(fault)], "\(fault.body): no \(fault.diagnosis) within \(deadline) s")
                let firing = try #require(firingAt[key(fault)], "\(fault.body): \(fault.diagnosis) never fired")
                print(
                    "game day: \(fault.body) → \(fault.diagnosis) diagnosed after \(String(format: "%.1f", diagnosed)) s, firing after \(String(format: "%.1f", firing)) s: \(evidence[key(fault)] ?? "")"
                )
                #expect(diagnosed <= fault.detection + Self.evaluateEvery + 3, "\(fault.diagnosis) took \(diagnosed) s to appear")
                // Half a second of polling granularity on each side.
                #expect(
                    firing - diagnosed <= Self.forHold + 2 * Self.evaluateEvery + 1,
                    "\(fault.diagnosis) took \(firing - diagnosed) s from diagnosis to firing"
                )
                let text = evidence[key(fault)] ?? ""
                for phrase in fault.says.map(demo.filling) {
                    #expect(text.contains(phrase), "\(fault.diagnosis) evidence lacks \"\(phrase)\": \(text)")
                }
                for phrase in fault.neverSays.map(demo.filling) {
                    #expect(!text.contains(phrase), "\(fault.diagnosis) evidence says \"\(phrase)\": \(text)")
                }
            }

            try await Self.faults(demo, method: .DELETE)
            let recovered = clock.now
            var remaining = try await Self.alerts(demo.watcher)
            while clock.now - recovered < .seconds(Self.windowDetection + 4 * Self.evaluateEvery + 15), !remaining.isEmpty {
                try await Task.sleep(for: .seconds(1))
                remaining = try await Self.alerts(demo.watcher)
            }
            #expect(remaining.isEmpty, "still diagnosed \((clock.now - recovered).inSeconds) s after recovery: \(remaining)")
            print("game day: round \(round.map(\.diagnosis)) cleared after \(String(format: "%.1f", (clock.now - recovered).inSeconds)) s")
        }

        // The deploy is marked on the API's charts as the status page serves them (drawn: StatusChartTests).
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(demo.watcher)/workloads/orders-api"),
            timeout: .seconds(5)
        )
        let page = String(buffer: try await response.body.collect(upTo: 8 << 20))
        #expect(page.components(separatedBy: "<g class=\"mark\">").count - 1 == 3, "a deploy mark on each API chart")
        #expect(page.contains("<title>deploy: 1.4.3 (was 1.4.2) started ") && page.contains(">1.4.3</text>"))
    }
}
