import Foundation

/// Parses a `POST /faults` body into changes of ``FaultState``, with errors that name the key and the fix.
enum FaultRequest {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static let allowed: [String: String] = [
        "db": #""down" | "refused" | "slow""#, "delay_ms": "a whole number of milliseconds",
        "error_rate": "a number from 0 to 1", "latency_ms": "a whole number of milliseconds",
        "worker": #""stall" | "poison""#, "job": #""skip" | "fail" | "empty""#,
    ]

    /// Applies the JSON object in `body` over `state`.
    static func apply(_ body: [UInt8], to state: FaultState) throws(Invalid) -> FaultState {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw Invalid(description: #"body must be a JSON object, e.g. {"db": "down"} or {"error_rate": 0.1}"#)
        }
        var state = state
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let expected = self.allowed[key] else {
                throw Invalid(description: "unknown fault \"\(key)\"; known faults: \(self.allowed.keys.sorted().joined(separator: ", "))")
            }
            let invalid = Invalid(description: "\"\(key)\" must be \(expected)")
            switch key {
            case "db":
                guard let mode = value as? String, ["down", "refused", "slow"].contains(mode) else { throw invalid }
                state.database = mode
                if mode == "slow", state.databaseDelayMilliseconds == 0 { state.databaseDelayMilliseconds = 1500 }
            case "delay_ms":
                guard let delay = value as? Int, delay >= 0 else { throw invalid }
                state.databaseDelayMilliseconds = delay
            case "error_rate":
                guard let rate = value as? Double, (0...1).contains(rate) else { throw invalid }
                state.errorRate = rate
            case "latency_ms":
                guard let latency = value as? Int, latency >= 0 else { throw invalid }
                state.latencyMilliseconds = latency
            case "worker":
                guard let mode = value as? String, ["stall", "poison"].contains(mode) else { throw invalid }
                state.worker = mode
            default:
                guard let mode = value as? String, ["skip", "fail", "empty"].contains(mode) else { throw invalid }
                state.job = mode
            }
        }
        return state
    }

    /// The state as the JSON `GET /faults` answers.
    static func json(_ state: FaultState) -> [String: Any] {
        var object: [String: Any] = [:]
        if let database = state.database { object["db"] = database }
        if state.database == "slow" { object["delay_ms"] = state.databaseDelayMilliseconds }
        if state.errorRate > 0 { object["error_rate"] = state.errorRate }
        if state.latencyMilliseconds > 0 { object["latency_ms"] = state.latencyMilliseconds }
        if let worker = state.worker { object["worker"] = worker }
        if let job = state.job { object["job"] = job }
        return object
    }
}
