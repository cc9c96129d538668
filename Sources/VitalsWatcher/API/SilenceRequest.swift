package import Foundation
import VitalsBase
package import VitalsCore

/// The body of `POST /api/v1/silences`:
/// `{"workload": "nightly-report", "diagnosis": "job.failed", "duration": "2h", "comment": "…", "created_by": "ana"}`,
/// or `starts_at`/`ends_at` as ISO-8601 instead of `duration` (which starts now).
package struct SilenceRequest: Decodable {
    var workload: String?
    var diagnosis: String?
    var startsAt: String?
    var endsAt: String?
    var duration: String?
    var comment: String?
    var createdBy: String?

    /// Longer than this is not a silence but a disabled check.
    static let longest: Duration = .seconds(90 * 86_400)

    enum CodingKeys: String, CodingKey {
        case workload, diagnosis, duration, comment
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case createdBy = "created_by"
    }

    /// A validated silence, or a message naming the field at fault and what to send instead.
    package static func silence(from body: Data, workloads: [String], now: Date) -> Result<Silence, SilenceRequestError> {
        let request: SilenceRequest
        do {
            request = try JSONDecoder().decode(SilenceRequest.self, from: body)
        } catch {
            return .failure(.init("the body is not a JSON object with string fields: \(error)"))
        }
        guard let workload = request.workload else { return .failure(.init("workload is required")) }
        guard workloads.contains(workload) else {
            let suggestion = DidYouMean.suggestion(for: workload, among: workloads).map { "; did you mean \"\($0)\"?" } ?? ""
            return .failure(.init("workload: no workload is named \"\(workload)\"\(suggestion)"))
        }
        if let diagnosis = request.diagnosis, !Diagnosis.ID.all.contains(Diagnosis.ID(rawValue: diagnosis)) {
            let suggestion = DidYouMean.suggestion(for: diagnosis, among: Diagnosis.ID.all.map(\.rawValue)).map { "; did you mean \"\($0)\"?" } ?? ""
            return .failure(.init("diagnosis: \"\(diagnosis)\" is not a diagnosis id\(suggestion)"))
        }
        let formatter = ISO8601DateFormatter()
        var startsAt = now
        if let text = request.startsAt {
            guard let date = formatter.date(from: text) else {
                return .failure(.init("starts_at: \"\(text)\" is not ISO-8601, e.g. 2026-11-22T03:00:00Z"))
            }
            startsAt = date
        }
        let endsAt: Date
        switch (request.endsAt, request.duration) {
        case (let text?, nil):
            guard let date = formatter.date(from: text) else {
                return .failure(.init("ends_at: \"\(text)\" is not ISO-8601, e.g. 2026-11-22T05:00:00Z"))
            }
            endsAt = date
        case (nil, let text?):
            if DurationText.isTooLong(text) { return .failure(.init("duration: \"\(text)\" is longer than a silence may last (90 days)")) }
            guard let duration = DurationText.parse(text), duration > .zero else {
                return .failure(.init("duration: \"\(text)\" is not a duration such as 30m or 2h"))
            }
            endsAt = startsAt.addingTimeInterval(duration.inSeconds)
        default:
            return .failure(.init("send exactly one of ends_at or duration"))
        }
        guard endsAt > startsAt, endsAt > now else { return .failure(.init("the silence ends before it starts, or in the past")) }
        guard endsAt.timeIntervalSince(startsAt) <= Self.longest.inSeconds else {
            return .failure(.init("a silence may last at most 90 days; remove the workload from the spec instead"))
        }
        return .success(
            Silence(
                workload: workload,
                diagnosis: request.diagnosis.map(Diagnosis.ID.init(rawValue:)),
                startsAt: startsAt,
                endsAt: endsAt,
                comment: request.comment ?? "",
                createdBy: request.createdBy ?? "api"
            )
        )
    }
}

package struct SilenceRequestError: Error {
    package let message: String
    init(_ message: String) { self.message = message }
}
