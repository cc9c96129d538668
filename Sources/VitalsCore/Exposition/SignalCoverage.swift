public import VitalsSignals

/// Which contract signals each kind of workload needs, and the diagnoses each one makes possible:
/// what `vitals inspect --kind` checks an exposition against.
public enum SignalCoverage {
    public struct Need: Sendable {
        public var family: Signal.Family
        public var enables: [Diagnosis.ID]
    }

    public static func needs(_ kind: Workload.Kind) -> [Need] {
        switch kind {
        case .api:
            [
                Need(family: Signal.HTTP.requestDuration, enables: [.apiErrors, .apiLatency, .apiNoTraffic, .apiSLOBurn]),
                Need(family: Signal.HTTP.activeRequests, enables: []),
                Need(family: Signal.Process.startTime, enables: [.apiRestarting]),
            ]
        case .worker:
            [
                Need(family: Signal.Worker.eventsRead, enables: [.workerNotConsuming]),
                Need(family: Signal.Worker.eventsHandled, enables: [.workerFailing]),
                Need(family: Signal.Worker.eventsFailed, enables: [.workerFailing]),
                Need(family: Signal.Worker.processingDuration, enables: [.workerSlow]),
                Need(family: Signal.Worker.queueDepth, enables: [.workerNotConsuming, .workerFallingBehind]),
                Need(family: Signal.Worker.queueOldestAge, enables: [.workerFallingBehind]),
                Need(family: Signal.Worker.lastRead, enables: [.workerNotConsuming]),
                Need(family: Signal.Worker.lastProgress, enables: [.workerStalled]),
            ]
        case .job:
            [
                Need(family: Signal.Job.lastRun, enables: [.jobNotRunning, .jobHung]),
                Need(family: Signal.Job.lastSuccess, enables: [.jobStale]),
                Need(family: Signal.Job.lastStatus, enables: [.jobFailed]),
                Need(family: Signal.Job.lastDuration, enables: [.jobSlowingDown]),
                Need(family: Signal.Job.lastRecords, enables: [.jobEmptyOutput]),
                Need(family: Signal.Job.runs, enables: []),
            ]
        }
    }
}
