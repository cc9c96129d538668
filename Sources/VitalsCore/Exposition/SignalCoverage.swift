package import VitalsSignals

/// Which contract signals each kind of workload needs, and the diagnoses each one makes possible:
/// what `vitals inspect --kind` checks an exposition against.
package enum SignalCoverage {
    package struct Need: Sendable {
        package var family: Signal.Family
        package var enables: [Diagnosis.ID]
    }

    /// What an API read through `profile` needs: its request counter (if it has one), its latency
    /// histogram and the process start time. The Vitals profile is the contract above.
    package static func needs(_ kind: Workload.Kind, profile: MetricProfile) -> [Need] {
        guard kind == .api, profile != .vitals else { return self.needs(kind) }
        let histogram = Signal.Family(name: profile.latencyHistogram, type: "histogram", help: "request latency", labels: profile.statusLabels)
        var needs: [Need] = []
        if let counter = profile.requestCounter {
            needs.append(
                Need(
                    family: Signal.Family(name: counter, type: "counter", help: "requests", labels: profile.statusLabels),
                    enables: [.apiErrors, .apiNoTraffic, .apiSLOBurn]
                )
            )
            needs.append(Need(family: histogram, enables: [.apiLatency, .apiSLOBurn]))
        } else {
            needs.append(Need(family: histogram, enables: [.apiErrors, .apiLatency, .apiNoTraffic, .apiSLOBurn]))
        }
        needs.append(Need(family: Signal.Process.startTime, enables: [.apiRestarting]))
        return needs
    }

    package static func needs(_ kind: Workload.Kind) -> [Need] {
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
