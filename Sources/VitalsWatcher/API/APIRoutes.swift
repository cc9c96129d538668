import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import VitalsCore
import VitalsStore

/// `/api/v1`: workloads, alerts and silences as JSON. Reads follow the status page's visibility;
/// changing silences always needs the bearer token.
struct APIRoutes: Sendable {
    let spec: Spec
    let store: any WatchStore
    let status: StatusReader
    let access: Access
    /// Runs shown per workload in the list; the detail shows more.
    static let listRuns = 20
    static let detailRuns = 100
    /// Silence bodies are a few hundred bytes; anything near this is not one.
    static let bodyLimit = 16 * 1024

    func add(to router: Router<BasicRequestContext>) {
        let api = router.group("api/v1")
        api.get("workloads") { request, _ in
            if let refusal = self.access.refusal(request, write: false) { return refusal }
            switch WorkloadQuery.parse(request.uri.queryParameters.map { $0 }) {
            case .failure(let error): return APIResponse.error(.badRequest, error.message)
            case .success(let query): return APIResponse.json(try await self.status.workloads(runs: Self.listRuns, query: query))
            }
        }
        api.get("workloads/{name}") { request, context in
            if let refusal = self.access.refusal(request, write: false) { return refusal }
            let name = context.parameters.get("name") ?? ""
            guard let workload = try await self.status.workload(named: name, runs: Self.detailRuns) else {
                return APIResponse.error(.notFound, "no workload is named \"\(name)\"")
            }
            return APIResponse.json(workload)
        }
        api.get("alerts") { request, _ in
            if let refusal = self.access.refusal(request, write: false) { return refusal }
            return APIResponse.json(["alerts": try await self.alerts()])
        }
        api.get("silences") { request, _ in
            if let refusal = self.access.refusal(request, write: false) { return refusal }
            return APIResponse.json(["silences": try await self.store.silences(endingAfter: Date())])
        }
        api.post("silences") { request, context in
            if let refusal = self.access.refusal(request, write: true) { return refusal }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.bodyLimit)
            } catch {
                return APIResponse.error(.contentTooLarge, "a silence is at most \(Self.bodyLimit) bytes of JSON")
            }
            switch SilenceRequest.silence(from: Data(body.readableBytesView), workloads: self.spec.workloads.map(\.name), now: Date()) {
            case .failure(let error):
                return APIResponse.error(.badRequest, error.message)
            case .success(let silence):
                let stored = try await self.store.addSilence(silence)
                context.logger.notice(
                    "Silence added",
                    metadata: ["silence": "\(stored.id)", "workload": "\(stored.workload)", "ends_at": "\(stored.endsAt)"]
                )
                return APIResponse.json(stored, status: .created)
            }
        }
        api.delete("silences/{id}") { request, context in
            if let refusal = self.access.refusal(request, write: true) { return refusal }
            guard let id = context.parameters.get("id").flatMap(Int64.init) else {
                return APIResponse.error(.badRequest, "the silence id is a number")
            }
            guard try await self.store.endSilence(id: id, now: Date()) else {
                return APIResponse.error(.notFound, "no silence \(id) is in force or pending")
            }
            context.logger.notice("Silence ended", metadata: ["silence": "\(id)"])
            return Response(status: .noContent)
        }
    }

    struct AlertView: Encodable {
        var workload: String
        var diagnosis: String
        var phase: String
        var severity: String
        var evidence: String
        var activeSince: Date
        var firingSince: Date?
    }

    private func alerts() async throws -> [AlertView] {
        try await self.store.alertStates()
            .sorted { ($0.key.workload, $0.key.diagnosis.rawValue) < ($1.key.workload, $1.key.diagnosis.rawValue) }
            .map { key, state in
                AlertView(
                    workload: key.workload,
                    diagnosis: key.diagnosis.rawValue,
                    phase: state.phase.rawValue,
                    severity: state.severity.rawValue,
                    evidence: state.evidence,
                    activeSince: state.activeSince,
                    firingSince: state.firingSince
                )
            }
    }
}
