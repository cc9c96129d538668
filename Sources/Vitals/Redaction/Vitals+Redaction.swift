import Synchronization

extension Vitals {
    /// The redaction in force in this process: ``Configuration/redaction`` once
    /// ``bootstrap(configuration:environment:)`` ran, ``RedactionPolicy/default`` before.
    ///
    /// Everything Vitals lets out of the process goes through it — log lines, health answers, exported spans
    /// (attributes, events, errors, status messages), ping bodies — so one policy decides what is secret.
    /// Redact your own outbound text with it too:
    ///
    /// ```swift
    /// let safe = Vitals.redactor.redact("\(error)")
    /// ```
    public static var redactor: Redactor { ProcessRedaction.current.withLock { $0 } }
}

/// The process-wide redactor behind ``Vitals/redactor``; ``Vitals/bootstrap(configuration:environment:)`` sets it.
package enum ProcessRedaction {
    static let current = Mutex(Redactor())

    /// Makes `policy` the one in force for everything Vitals lets out of the process.
    package static func install(_ policy: RedactionPolicy) {
        let redactor = Redactor(policy: policy)
        self.current.withLock { $0 = redactor }
    }
}
