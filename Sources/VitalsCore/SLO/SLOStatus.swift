/// An SLO read over minute rollups: budget remaining over its window and the burn of each alert.
package struct SLOStatus: Sendable, Hashable {
    /// The service level indicators an API's SLO may have.
    package enum Indicator: String, Sendable, Hashable { case availability, latency }

    package struct Burn: Sendable, Hashable {
        package var indicator: Indicator
        package var alert: BurnRateAlert
        package var longBurn: Double
        package var shortBurn: Double
        /// Requests in the long and short windows.
        package var longRequests: Double
        package var shortRequests: Double
        /// Minutes with traffic in the long window: less than the window while history is short.
        package var longCovered: Int
        /// Both windows burn above the factor, both have enough traffic, and the long window has at least a
        /// short window's worth of minutes: a 6-hour burn read from 2 minutes of data would be a short window in disguise.
        package var firing: Bool
    }

    package struct Budget: Sendable, Hashable {
        package var indicator: Indicator
        package var target: Double
        /// 1 is untouched, 0 spent, negative overspent.
        package var remaining: Double
        /// Requests and bad ones over the SLO window.
        package var requests: Double
        package var bad: Double
    }

    package var budgets: [Budget]
    package var burns: [Burn]

    /// - Parameters:
    ///   - minutes: ascending; the last may be the open minute.
    ///   - now: minutes since the epoch.
    ///   - minRequests: a window with fewer requests is not judged: a single failure among ten requests
    ///     burns at 100× and means little.
    package static func evaluate(_ slo: ServiceLevelObjective, minutes: [SLOMinute], now: Int64, minRequests: Double) -> SLOStatus {
        var budgets: [Budget] = []
        var burns: [Burn] = []
        for (indicator, target) in slo.indicators {
            let allowed = 1 - target
            let totals = SLOTotals(minutes, indicator: indicator)
            func sum(_ window: Duration) -> (total: Double, bad: Double, covered: Int) { totals.totals(window, endingAt: now) }
            let whole = sum(slo.window)
            let spent = whole.total > 0 ? (whole.bad / whole.total) / allowed : 0
            budgets.append(Budget(indicator: indicator, target: target, remaining: 1 - spent, requests: whole.total, bad: whole.bad))
            for alert in BurnRateAlert.standard {
                let long = sum(alert.long)
                let short = sum(alert.short)
                let longBurn = long.total > 0 ? long.bad / long.total / allowed : 0
                let shortBurn = short.total > 0 ? short.bad / short.total / allowed : 0
                let enough = long.total >= minRequests && short.total >= minRequests && Int64(long.covered) >= alert.short.components.seconds / 60
                burns.append(
                    Burn(
                        indicator: indicator,
                        alert: alert,
                        longBurn: longBurn,
                        shortBurn: shortBurn,
                        longRequests: long.total,
                        shortRequests: short.total,
                        longCovered: long.covered,
                        firing: enough && longBurn >= alert.factor && shortBurn >= alert.factor
                    )
                )
            }
        }
        return SLOStatus(budgets: budgets, burns: burns)
    }
}
