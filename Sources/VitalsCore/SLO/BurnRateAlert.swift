/// Multi-window, multi-burn-rate SLO alerting (the Google SRE workbook's recommendation): each alert
/// fires when the error budget burns faster than `factor` over both a long window (significance) and a
/// short one (it is still happening, so it resolves quickly after a fix).
package struct BurnRateAlert: Sendable, Hashable {
    package var long: Duration
    package var short: Duration
    package var factor: Double
    package var severity: Severity

    /// 2% of a 30-day budget in an hour or 5% in 6 hours pages; 10% in a day or in 3 days opens a ticket.
    package static let standard: [BurnRateAlert] = [
        BurnRateAlert(long: .seconds(3600), short: .seconds(300), factor: 14.4, severity: .critical),
        BurnRateAlert(long: .seconds(6 * 3600), short: .seconds(1800), factor: 6, severity: .critical),
        BurnRateAlert(long: .seconds(86_400), short: .seconds(2 * 3600), factor: 3, severity: .warning),
        BurnRateAlert(long: .seconds(3 * 86_400), short: .seconds(6 * 3600), factor: 1, severity: .warning),
    ]
}
