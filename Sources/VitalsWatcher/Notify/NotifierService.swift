import Foundation
import Logging
package import ServiceLifecycle
import VitalsCore

/// Runs the notifier every second, and at once when an evaluation queued something.
package struct NotifierService: Service {
    let notifier: Notifier
    let time: WatcherTime
    let wakeUps: AsyncStream<Void>
    let wake: AsyncStream<Void>.Continuation

    init(notifier: Notifier, time: WatcherTime) {
        self.notifier = notifier
        self.time = time
        (self.wakeUps, self.wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a pass now.
    func poke() { self.wake.yield() }

    package func run() async throws {
        let clock = self.time.clock
        await withTaskGroup(of: Void.self) { group in
            // A tick every second wakes the loop for retries falling due, even when nothing is poked.
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try? await clock.sleep(for: .seconds(1))
                    self.wake.yield()
                }
                self.wake.finish()
            }
            var lastRefresh = Date.distantPast
            for await _ in self.wakeUps.cancelOnGracefulShutdown() {
                let now = self.time.wall()
                do {
                    try await self.notifier.deliverDue(now: now)
                    if now.timeIntervalSince(lastRefresh) >= Double(NotificationMessage.alertmanagerRefresh.components.seconds) {
                        lastRefresh = now
                        try await self.notifier.refreshAlertmanager(now: now)
                    }
                } catch {
                    self.notifier.logger.error("Notifier pass failed", metadata: ["error": "\(error)"])
                }
            }
            group.cancelAll()
        }
    }
}
