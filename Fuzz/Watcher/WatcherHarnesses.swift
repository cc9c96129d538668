package import VitalsFuzzCore

extension FuzzHarness {
    /// The harnesses through the watcher: management API bodies, and observations through the diagnosers,
    /// the status page and the JSON API.
    package static let watcher = [FuzzHarness("api", APIHarness.run), FuzzHarness("observations", ObservationHarness.run)]

    /// Every harness.
    package static let all = core + watcher
}
