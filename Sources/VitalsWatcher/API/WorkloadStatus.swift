package import Foundation
import Vitals
package import VitalsCore
package import VitalsStore

/// A workload as the status page and `/api/v1/workloads` show it.
package struct WorkloadStatus: Encodable, Sendable {
    /// `ok`, `pending` (diagnosed, waiting out `for:`), `firing`, `silenced`, `unknown`, `starting`
    /// (not evaluated yet) or `unchecked` (nothing this watcher reads).
    var state: String
    var name: String
    var kind: String
    var runbook: String?
    var schedule: String?
    var diagnoses: [DiagnosisStatus]
    var lastPing: Date?
    /// Newest first.
    var runs: [RunStatus]
    var silences: [Silence]

    package struct DiagnosisStatus: Encodable, Sendable {
        var id: String
        var severity: String
        var evidence: String
        /// `pending`, `firing` or `resolving`.
        var alert: String?
        var since: Date?
        var silenced: Bool
    }

    package struct RunStatus: Encodable, Sendable {
        var startedAt: Date?
        var finishedAt: Date?
        var exitStatus: Int?
        var durationSeconds: Double?
        var records: Int?
        /// `running`, `succeeded` or `failed`.
        var outcome: String
    }
}

/// Builds ``WorkloadStatus`` from the spec, the latest evaluation and the store.
package struct StatusReader: Sendable {
    let spec: Spec
    let store: any WatchStore
    let latest: LatestEvaluation

    /// The page of workloads `query` asks for, problems first and then by name. States come from the
    /// latest evaluation alone, so only the page's workloads are read from the store: a list over 10,000
    /// workloads costs what its page costs.
    func workloads(runs: Int, query: WorkloadQuery = WorkloadQuery()) async throws -> WorkloadPage {
        // One snapshot for the whole page, so every row describes the same evaluation.
        let evaluation = self.latest.get()
        let now = Date()
        let rows = self.spec.workloads.map { workload in
            (
                workload: workload,
                state: Self.state(workload, evaluation: evaluation, diagnoses: Self.diagnoses(workload, evaluation: evaluation, now: now))
            )
        }
        let counts = Dictionary(grouping: rows, by: \.state).mapValues(\.count)
        let matching = rows.filter { query.matches(name: $0.workload.name, kind: $0.workload.kind.rawValue, state: $0.state) }
            .sorted { (WorkloadQuery.rank($0.state), $0.workload.name) < (WorkloadQuery.rank($1.state), $1.workload.name) }
        let page = matching.dropFirst(query.offset).prefix(query.limit).map(\.workload)
        // Two reads for the whole page at once: one per workload made a page of 10,000 take seconds.
        let history = try await self.store.runs(workloads: page.filter { $0.kind == .job }.map(\.name), limit: runs)
        let lastPings = try await self.store.lastPings(workloads: page.filter(\.readsPings).map(\.name))
        let end = query.offset + page.count
        return WorkloadPage(
            workloads: page.map { workload in
                Self.status(workload, runs: history[workload.name] ?? [], lastPing: lastPings[workload.name], evaluation: evaluation, now: now)
            },
            total: rows.count,
            matched: matching.count,
            offset: query.offset,
            limit: query.limit,
            counts: counts,
            next: end < matching.count ? query.queryString(offset: end) : nil
        )
    }

    /// The badge of workload `name`, from the latest evaluation alone (no store read).
    func badge(named name: String) -> Badge? {
        guard let workload = self.spec.workloads.first(where: { $0.name == name }) else { return nil }
        let evaluation = self.latest.get()
        let diagnoses = Self.diagnoses(workload, evaluation: evaluation, now: Date())
        return Badge(name: name, state: Self.state(workload, evaluation: evaluation, diagnoses: diagnoses), diagnoses: diagnoses)
    }

    func workload(named name: String, runs: Int) async throws -> WorkloadStatus? {
        guard let workload = self.spec.workloads.first(where: { $0.name == name }) else { return nil }
        return try await self.status(workload, runs: runs, evaluation: self.latest.get(), now: Date())
    }

    private func status(_ workload: Workload, runs limit: Int, evaluation: Evaluation?, now: Date) async throws -> WorkloadStatus {
        let runs = workload.kind == .job ? try await self.store.runs(workload: workload.name, limit: limit) : []
        let lastPing = workload.readsPings ? try await self.store.lastPing(workload: workload.name) : nil
        return Self.status(workload, runs: runs, lastPing: lastPing, evaluation: evaluation, now: now)
    }

    /// What the page and the API say of `workload`, from what the store and the latest evaluation hold.
    package static func status(_ workload: Workload, runs: [JobRunRecord], lastPing: Date?, evaluation: Evaluation?, now: Date) -> WorkloadStatus {
        let diagnoses = Self.diagnoses(workload, evaluation: evaluation, now: now)
        return WorkloadStatus(
            state: Self.state(workload, evaluation: evaluation, diagnoses: diagnoses),
            name: workload.name,
            kind: workload.kind.rawValue,
            runbook: workload.runbook.map(Evaluator.redactor.redact),
            schedule: workload.job?.schedule.expression,
            diagnoses: diagnoses,
            lastPing: lastPing,
            runs: runs.map { run in
                WorkloadStatus.RunStatus(
                    startedAt: run.startedAt,
                    finishedAt: run.finishedAt,
                    exitStatus: run.exitStatus,
                    durationSeconds: run.durationSeconds,
                    records: run.records,
                    outcome: run.isRunning ? "running" : (run.succeeded ? "succeeded" : "failed")
                )
            },
            silences: Self.silences(workload, evaluation: evaluation)
        )
    }

    static func diagnoses(_ workload: Workload, evaluation: Evaluation?, now: Date) -> [WorkloadStatus.DiagnosisStatus] {
        let silences = Self.silences(workload, evaluation: evaluation)
        return (evaluation?.diagnoses[workload.name] ?? []).map { diagnosis in
            let key = AlertKey(workload: workload.name, diagnosis: diagnosis.id)
            let alert = evaluation?.alerts[key]
            return WorkloadStatus.DiagnosisStatus(
                id: diagnosis.id.rawValue,
                severity: diagnosis.severity.rawValue,
                evidence: diagnosis.evidence,
                alert: alert?.phase.rawValue,
                since: alert?.activeSince,
                silenced: silences.contains { $0.covers(key, at: now) }
            )
        }
    }

    private static func silences(_ workload: Workload, evaluation: Evaluation?) -> [Silence] {
        (evaluation?.silences ?? []).filter { $0.workload == workload.name }
    }

    static func state(_ workload: Workload, evaluation: Evaluation?, diagnoses: [WorkloadStatus.DiagnosisStatus]) -> String {
        guard Evaluator.watches(workload) else { return "unchecked" }
        guard let evaluation, evaluation.diagnoses[workload.name] != nil else { return "starting" }
        if diagnoses.isEmpty { return "ok" }
        if diagnoses.contains(where: { $0.id == Diagnosis.ID.unknown.rawValue }) { return "unknown" }
        let alerting = diagnoses.filter { $0.alert == "firing" || $0.alert == "resolving" }
        if alerting.isEmpty { return "pending" }
        return alerting.allSatisfy(\.silenced) ? "silenced" : "firing"
    }
}
