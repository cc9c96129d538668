import Foundation
import Synchronization
import VitalsCore

/// Reads alert states from the JSON both stores keep them in, remembering the texts it read last time.
/// Every cycle reads every state, and most are exactly as the last cycle left them: decoding 3,000 of
/// them with `JSONDecoder` was a tenth of a 10,000-workload cycle, looking each text up is not.
final class AlertStateDecoder: Sendable {
    private let previous = Mutex<[String: AlertState]>([:])

    /// The states of `rows`; a row this version cannot read (written by hand, or by another version) is
    /// skipped, not fatal: the diagnosis, if it still holds, starts a new episode.
    func states(_ rows: [(workload: String, diagnosis: String, state: String)]) -> [AlertKey: AlertState] {
        let remembered = self.previous.withLock { $0 }
        let decoder = JSONDecoder()
        var states: [AlertKey: AlertState] = [:]
        var read: [String: AlertState] = [:]
        states.reserveCapacity(rows.count)
        read.reserveCapacity(rows.count)
        for row in rows {
            guard let state = remembered[row.state] ?? (try? decoder.decode(AlertState.self, from: Data(row.state.utf8))) else { continue }
            states[AlertKey(workload: row.workload, diagnosis: Diagnosis.ID(rawValue: row.diagnosis))] = state
            read[row.state] = state
        }
        // Only what this read saw, so what is remembered never outgrows the table.
        self.previous.withLock { $0 = read }
        return states
    }
}
