import Foundation
import VitalsCore
import VitalsFuzzCore
import VitalsWatcher

/// A `POST /api/v1/silences` body. Either a silence that starts before it ends, lasts at most 90 days and
/// names a known workload and diagnosis, or a sentence saying what to send instead.
enum APIHarness {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let workloads = ["nightly", "orders-api"]

    static func run(_ bytes: [UInt8]) throws {
        switch SilenceRequest.silence(from: Data(bytes), workloads: Self.workloads, now: Self.now) {
        case .success(let silence):
            try check(silence.endsAt > silence.startsAt && silence.endsAt > Self.now, "a silence that ends before it starts")
            try check(
                silence.endsAt.timeIntervalSince(silence.startsAt) <= 90 * 86_400,
                "a silence of \(silence.endsAt.timeIntervalSince(silence.startsAt)) s"
            )
            try check(Self.workloads.contains(silence.workload), "workload \(silence.workload)")
            if let diagnosis = silence.diagnosis { try check(Diagnosis.ID.all.contains(diagnosis), "diagnosis \(diagnosis)") }
        case .failure(let refusal):
            try check(!refusal.message.isEmpty, "a refusal without words")
        }
    }
}
