import Foundation
package import Logging
package import ServiceLifecycle
package import Vitals

/// The demo's scheduled job: counts the orders of the last period and stores a report.
/// In a real deployment it runs once a day from cron; the demo runs it every few seconds.
package struct DailyReportJob: Service {
    /// The job's name, its `job` label and its watcher slug.
    package static let name = "daily-report"

    struct InjectedFailure: Error, CustomStringConvertible {
        var description: String { "report query failed (injected fault)" }
    }

    let database: OrdersDatabase
    let faults: Faults
    let jobs: JobMonitor
    let period: Duration
    let logger: Logger

    package init(database: OrdersDatabase, faults: Faults, jobs: JobMonitor, period: Duration, logger: Logger) {
        self.database = database
        self.faults = faults
        self.jobs = jobs
        self.period = period
        self.logger = logger
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.period)
                guard !Task.isCancelled else { return }
                await self.runOnce()
            }
        }
    }

    /// One scheduled execution, honouring the job faults.
    func runOnce() async {
        let fault = self.faults.current.job
        if fault == "skip" {
            self.logger.notice("Report skipped (injected fault)")
            return
        }
        let periodSeconds = Double(self.period.components.seconds)
        do {
            try await self.jobs.run(Self.name) { run in
                if fault == "fail" { throw InjectedFailure() }
                let count = fault == "empty" ? 0 : try await self.database.countOrders(since: Date().timeIntervalSince1970 - periodSeconds)
                try await self.database.insertReport(orders: count)
                run.records = count
            }
        } catch {
            self.logger.error("Report failed", metadata: ["error": "\(error)"])
        }
    }
}
