import Synchronization

/// One run of a scheduled job, handed to the job's body by ``JobMonitor/run(_:_:)``.
///
/// ```swift
/// try await jobs.run("nightly-report") { run in
///     for batch in batches { run.records += try await export(batch) }
/// }
/// ```
public final class JobRun: Sendable {
    /// The job's name, the `job` label value.
    public let job: String
    /// Identifies this run to the watcher (`?rid=`), so overlapping runs pair start and finish correctly.
    public let id: String
    private let counted = Mutex(0)

    init(job: String, id: String) {
        self.job = job
        self.id = id
    }

    /// Records processed so far. A run that succeeds with too few records is a diagnosis of its own.
    public var records: Int {
        get { self.counted.withLock { $0 } }
        set { self.counted.withLock { $0 = newValue } }
    }
}
