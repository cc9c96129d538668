import Foundation
import Testing
import VitalsCore

/// The lifecycle when the world changes under it: a workload removed from the spec while it fires
/// (issue 13, defect 13), and a wall clock that steps forward or back.
@Suite struct AlertLifecycleEdgeTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    static let spec = try! SpecLoader.parse(
        "workloads:\n  kept: { kind: worker, heartbeat: true, for: 2m }\n",
        file: "v.yml",
        environment: [:]
    )
    static let firing = AlertState(
        phase: .firing,
        activeSince: start,
        firingSince: start,
        inactiveSince: nil,
        notified: true,
        severity: .critical,
        evidence: "no ping"
    )

    @Test func anAlertOfAWorkloadGoneFromTheSpecResolvesAtOnce() {
        let lifecycle = AlertLifecycle(workloads: Self.spec.workloads)
        let gone = AlertKey(workload: "removed", diagnosis: .workerStalled)
        let (states, actions) = lifecycle.step(
            states: [gone: Self.firing],
            active: [],
            evaluated: ["kept"],
            silenced: { _ in false },
            now: Self.start.addingTimeInterval(60)
        )
        #expect(states.isEmpty, "no state left firing forever")
        #expect(actions == [.resolve(gone, severity: .critical, lastEvidence: "no ping", firedAt: Self.start)])
    }

    @Test func anAlertOfAWorkloadStillInTheSpecButNotEvaluatedKeepsItsState() {
        let lifecycle = AlertLifecycle(workloads: Self.spec.workloads)
        let kept = AlertKey(workload: "kept", diagnosis: .workerStalled)
        let (states, actions) = lifecycle.step(
            states: [kept: Self.firing],
            active: [],
            evaluated: [],
            silenced: { _ in false },
            now: Self.start.addingTimeInterval(60)
        )
        #expect(states[kept] == Self.firing)
        #expect(actions.isEmpty)
    }

    /// `for: 2m`, pending for one minute, then the wall clock jumps an hour forward: without the shift the
    /// hold would be over at once; with it, one minute is still left.
    @Test(arguments: [3600.0, -3600.0])
    func holdsKeepTheirTimeLeftWhenTheWallClockSteps(step: TimeInterval) {
        let lifecycle = AlertLifecycle(workloads: Self.spec.workloads)
        let stalled = Diagnosis(id: .workerStalled, workload: "kept", severity: .critical, evidence: "no ping")
        var (states, actions) = lifecycle.step(
            states: [:],
            active: [stalled],
            evaluated: ["kept"],
            silenced: { _ in false },
            now: Self.start
        )
        #expect(actions.isEmpty)
        // One minute of real time later, the wall clock reads `step` more.
        let afterStep = Self.start.addingTimeInterval(60 + step)
        (states, actions) = lifecycle.step(
            states: AlertLifecycle.shifted(states, by: step),
            active: [stalled],
            evaluated: ["kept"],
            silenced: { _ in false },
            now: afterStep
        )
        #expect(actions.isEmpty, "one minute of the two-minute hold has passed, whatever the wall clock says")
        (states, actions) = lifecycle.step(
            states: states,
            active: [stalled],
            evaluated: ["kept"],
            silenced: { _ in false },
            now: afterStep.addingTimeInterval(60)
        )
        #expect(actions.count == 1, "and it fires when the second minute has")
    }
}
