import Foundation
import VitalsBase

extension APIDiagnoser {
    /// One `api.slo_burn` for the workload's SLO and every route's own, at the worst severity among them.
    static func sloDiagnoses(_ api: Workload.API, observation: Observation, now: Date, into found: inout Findings) {
        let minEvents = api.thresholds.minEvents
        var burns: [(severity: Severity, evidence: String)] = []
        if let slo = api.slo, let burn = self.sloBurn(slo, minutes: observation.sloMinutes, minEvents: minEvents, now: now) {
            burns.append(burn)
        }
        for rule in api.routes {
            guard let slo = rule.slo,
                let burn = self.sloBurn(slo, minutes: observation.routeSLOMinutes[rule.key] ?? [], minEvents: minEvents, now: now)
            else { continue }
            burns.append((burn.severity, "`\(rule.key)` \(burn.evidence)"))
        }
        guard let worst = burns.map(\.severity).max() else { return }
        found.add(.apiSLOBurn, worst, burns.map(\.evidence).joined(separator: "; "))
    }

    private static func sloBurn(
        _ slo: ServiceLevelObjective,
        minutes: [SLOMinute],
        minEvents: Int,
        now: Date
    ) -> (severity: Severity, evidence: String)? {
        let minute = Int64((now.timeIntervalSince1970 / 60).rounded(.down))
        let status = SLOStatus.evaluate(slo, minutes: minutes, now: minute, minRequests: Double(minEvents))
        let firing = status.burns.filter(\.firing)
        guard
            let worst = firing.max(by: {
                $0.alert.severity < $1.alert.severity || ($0.alert.severity == $1.alert.severity && $0.alert.factor < $1.alert.factor)
            })
        else { return nil }
        let budget = status.budgets.first { $0.indicator == worst.indicator }
        let left = budget.map { "; \(Evidence.percent(max(0, $0.remaining))) of the \(DurationText.format(slo.window)) budget left" } ?? ""
        let action = worst.alert.severity == .critical ? "page" : "ticket"
        let coverage =
            Int64(worst.longCovered) * 60 < worst.alert.long.components.seconds
            ? " (\(DurationText.format(.seconds(Int64(worst.longCovered) * 60))) of data)" : ""
        let text =
            "\(worst.indicator.rawValue): burning \(Evidence.factor(worst.longBurn)) over \(DurationText.format(worst.alert.long))\(coverage) and \(Evidence.factor(worst.shortBurn)) over \(DurationText.format(worst.alert.short)) (\(action) at \(Evidence.factor(worst.alert.factor)))\(left)"
        return (worst.alert.severity, text)
    }
}
