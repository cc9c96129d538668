package import Foundation

/// Holds back notifications for a workload (or one of its diagnoses) between two instants: planned
/// maintenance, or a known problem someone is already on. Diagnoses still show on the status page.
package struct Silence: Sendable, Hashable, Codable {
    /// Assigned by the store.
    package var id: Int64
    /// The workload it covers.
    package var workload: String
    /// One diagnosis id, or every diagnosis of the workload when nil.
    package var diagnosis: Diagnosis.ID?
    package var startsAt: Date
    package var endsAt: Date
    /// Why, in the words of whoever set it.
    package var comment: String
    package var createdBy: String

    package init(id: Int64 = 0, workload: String, diagnosis: Diagnosis.ID?, startsAt: Date, endsAt: Date, comment: String, createdBy: String) {
        self.id = id
        self.workload = workload
        self.diagnosis = diagnosis
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.comment = comment
        self.createdBy = createdBy
    }

    /// Whether it holds back `key` at `now`: from `startsAt` inclusive to `endsAt` exclusive.
    package func covers(_ key: AlertKey, at now: Date) -> Bool {
        self.workload == key.workload && (self.diagnosis.map { $0 == key.diagnosis } ?? true) && now >= self.startsAt && now < self.endsAt
    }

    /// Whether it is in force at `now`.
    package func isActive(at now: Date) -> Bool { now >= self.startsAt && now < self.endsAt }
}
