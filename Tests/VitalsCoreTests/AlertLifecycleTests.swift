import Foundation
import Testing
import VitalsCore

/// The alert lifecycle on a manual clock: `for:`, resolve hold, flapping, silences, restarts.
@Suite struct AlertLifecycleTests {
    let lifecycle = AlertLifecycle { key in
        key.diagnosis == .jobNotRunning
            ? AlertPolicy(holdFor: .zero, resolveAfter: .zero) : AlertPolicy(holdFor: .seconds(120), resolveAfter: .seconds(300))
    }
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let stalled = Diagnosis(id: .workerStalled, workload: "orders-worker", severity: .critical, evidence: "no ping for 6m")
    var key: AlertKey { AlertKey(workload: "orders-worker", diagnosis: .workerStalled) }

    /// Runs the lifecycle over `timeline` (seconds after start, diagnosis active?) and returns the actions per step.
    /// `silencedUntil`: seconds after start before which notifications are held back.
    func run(_ timeline: [(Int, Bool)], silencedUntil: Int = 0) -> [[String]] {
        var states: [AlertKey: AlertState] = [:]
        return timeline.map { seconds, active in
            let result = self.lifecycle.step(
                states: states,
                active: active ? [self.stalled] : [],
                evaluated: ["orders-worker"],
                silenced: { _ in seconds < silencedUntil },
                now: self.start.addingTimeInterval(Double(seconds))
            )
            states = result.states
            return result.actions.map(Self.describe)
        }
    }

    static func describe(_ action: AlertAction) -> String {
        switch action {
        case .fire(let key, _, let evidence, _): "fire \(key): \(evidence)"
        case .resolve(let key, _, _, _): "resolve \(key)"
        }
    }

    @Test func firesOnlyAfterItsHoldAndOnlyOnce() {
        let actions = self.run([(0, true), (60, true), (120, true), (180, true), (240, true)])
        #expect(actions == [[], [], ["fire orders-worker/worker.stalled: no ping for 6m"], [], []])
    }

    @Test func aBlipShorterThanTheHoldStaysSilent() {
        #expect(self.run([(0, true), (60, false), (120, true), (180, false)]).allSatisfy { $0.isEmpty })
    }

    @Test func resolvesAfterTheHoldAndFlappingDoesNotRenotify() {
        let actions = self.run([(0, true), (120, true), (180, false), (300, true), (360, false), (600, false), (660, false)])
        #expect(actions == [[], ["fire orders-worker/worker.stalled: no ping for 6m"], [], [], [], [], ["resolve orders-worker/worker.stalled"]])
    }

    @Test func zeroHoldFiresAndResolvesAtOnce() {
        var states: [AlertKey: AlertState] = [:]
        let late = Diagnosis(id: .jobNotRunning, workload: "nightly", severity: .critical, evidence: "expected at 03:00")
        let fired = self.lifecycle.step(states: states, active: [late], evaluated: ["nightly"], silenced: { _ in false }, now: self.start)
        states = fired.states
        #expect(fired.actions.count == 1)
        let resolved = self.lifecycle.step(
            states: states,
            active: [],
            evaluated: ["nightly"],
            silenced: { _ in false },
            now: self.start.addingTimeInterval(60)
        )
        #expect(resolved.actions.map(Self.describe) == ["resolve nightly/job.not_running"])
        #expect(resolved.states.isEmpty)
    }

    @Test func aSilenceHoldsTheNotificationUntilItEnds() {
        let actions = self.run([(0, true), (120, true), (180, true), (240, true)], silencedUntil: 200)
        #expect(actions == [[], [], [], ["fire orders-worker/worker.stalled: no ping for 6m"]])
    }

    @Test func aSilencedAlertThatClearsNeverNotifiesEitherWay() {
        let actions = self.run([(0, true), (120, true), (180, false), (600, false)], silencedUntil: 10_000)
        #expect(actions.allSatisfy { $0.isEmpty })
    }

    @Test func statesSurviveARestartWithoutRepeatingOrForgetting() throws {
        var states: [AlertKey: AlertState] = [:]
        for seconds in [0, 120] {
            states =
                self.lifecycle.step(
                    states: states,
                    active: [self.stalled],
                    evaluated: ["orders-worker"],
                    silenced: { _ in false },
                    now: self.start.addingTimeInterval(Double(seconds))
                ).states
        }
        // The watcher dies; its states were persisted as JSON and are read back.
        let restored = try JSONDecoder().decode([AlertKey: AlertState].self, from: JSONEncoder().encode(states))
        let stillFiring = self.lifecycle.step(
            states: restored,
            active: [self.stalled],
            evaluated: ["orders-worker"],
            silenced: { _ in false },
            now: self.start.addingTimeInterval(400)
        )
        #expect(stillFiring.actions.isEmpty, "already notified before the restart")
        var after = stillFiring.states
        after =
            self.lifecycle.step(
                states: after,
                active: [],
                evaluated: ["orders-worker"],
                silenced: { _ in false },
                now: self.start.addingTimeInterval(500)
            ).states
        let resolved = self.lifecycle.step(
            states: after,
            active: [],
            evaluated: ["orders-worker"],
            silenced: { _ in false },
            now: self.start.addingTimeInterval(800)
        )
        #expect(resolved.actions.map(Self.describe) == ["resolve orders-worker/worker.stalled"], "not forgotten")
    }

    @Test func workloadsNotEvaluatedKeepTheirAlerts() {
        var states: [AlertKey: AlertState] = [:]
        for seconds in [0, 120] {
            states =
                self.lifecycle.step(
                    states: states,
                    active: [self.stalled],
                    evaluated: ["orders-worker"],
                    silenced: { _ in false },
                    now: self.start.addingTimeInterval(Double(seconds))
                ).states
        }
        let other = self.lifecycle.step(
            states: states,
            active: [],
            evaluated: ["nightly"],
            silenced: { _ in false },
            now: self.start.addingTimeInterval(900)
        )
        #expect(other.actions.isEmpty)
        #expect(other.states[self.key]?.phase == .firing)
    }
}
