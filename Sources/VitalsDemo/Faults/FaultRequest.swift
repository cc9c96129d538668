import Foundation

/// Parses a `POST /faults` body into changes of ``FaultState``, with errors that name the key and the fix.
///
/// `error_rate` and `latency_ms` apply to every API instance and route, to one instance with
/// `"instance": 2`, or to one route with `"route": "POST /orders"`; `"stopped": true` with an instance
/// stops it (`false` starts it again).
enum FaultRequest {
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static let allowed: [String: String] = [
        "db": #""down" | "refused" | "slow""#, "payments": #""slow" | "failing""#, "delay_ms": "a whole number of milliseconds",
        "error_rate": "a number from 0 to 1", "latency_ms": "a whole number of milliseconds",
        "worker": #""stall" | "poison""#, "deploy": "a version, e.g. \"1.4.3\" (letters, digits and . - + _)", "job": #""skip" | "fail" | "empty""#,
        "load": "0 or more requests per second",
        "instance": "the number of an API instance", "route": #"one of "GET /orders", "POST /orders", "GET /orders/{id}""#,
        "stopped": "true or false, with \"instance\"",
    ]
    /// The demo API's routes, as its metrics name them.
    static let routes = ["GET /orders", "POST /orders", "GET /orders/{id}"]
    /// Faults that may target one instance or route; the others are the whole system's.
    static let targetable: Set<String> = ["error_rate", "latency_ms", "stopped", "instance", "route"]

    /// Applies the JSON object in `body` over `state`, for an API of `instances` instances.
    static func apply(_ body: [UInt8], to state: FaultState, instances: Int) throws(Invalid) -> FaultState {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw Invalid(description: #"body must be a JSON object, e.g. {"db": "down"}, {"error_rate": 0.1} or {"instance": 2, "error_rate": 0.5}"#)
        }
        for key in object.keys.sorted() where self.allowed[key] == nil {
            throw Invalid(description: "unknown fault \"\(key)\"; known faults: \(self.allowed.keys.sorted().joined(separator: ", "))")
        }
        func invalid(_ key: String) -> Invalid { Invalid(description: "\"\(key)\" must be \(self.allowed[key] ?? "valid")") }
        let instance = try object["instance"].map { value throws(Invalid) -> Int in
            guard let number = value as? Int, (1...instances).contains(number) else {
                throw Invalid(
                    description: "\"instance\" must be from 1 to \(instances): the demo runs \(instances) API instance\(instances == 1 ? "" : "s")"
                )
            }
            return number
        }
        let route = try object["route"].map { value throws(Invalid) -> String in
            guard let route = value as? String, self.routes.contains(route) else { throw invalid("route") }
            return route
        }
        let targeted = instance != nil || route != nil
        if instance != nil, route != nil { throw Invalid(description: #"target one instance or one route, not both"#) }
        if targeted, let other = object.keys.sorted().first(where: { !self.targetable.contains($0) }) {
            throw Invalid(description: "\"\(other)\" applies to the whole demo; send it without \"instance\" or \"route\"")
        }
        if object["stopped"] != nil, instance == nil { throw invalid("stopped") }

        var state = state
        // With `deploy`, `error_rate` and `latency_ms` are what the new version does wrong.
        let deploying = object["deploy"] != nil
        var fault =
            instance.map { state.instances[$0] ?? .init() } ?? route.map { state.routes[$0] ?? .init() } ?? (deploying ? .init() : state.api)
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "db":
                guard let mode = value as? String, ["down", "refused", "slow"].contains(mode) else { throw invalid(key) }
                state.database = mode
                if mode == "slow", state.delayMilliseconds == 0 { state.delayMilliseconds = 1500 }
            case "payments":
                guard let mode = value as? String, ["slow", "failing"].contains(mode) else { throw invalid(key) }
                state.payments = mode
                if mode == "slow", state.delayMilliseconds == 0 { state.delayMilliseconds = 1500 }
            case "delay_ms":
                guard let delay = value as? Int, delay >= 0 else { throw invalid(key) }
                state.delayMilliseconds = delay
            case "error_rate":
                guard let rate = value as? Double, (0...1).contains(rate) else { throw invalid(key) }
                fault.errorRate = rate
            case "latency_ms":
                guard let latency = value as? Int, latency >= 0 else { throw invalid(key) }
                fault.latencyMilliseconds = latency
            case "stopped":
                guard let stopped = value as? Bool, let instance else { throw invalid(key) }
                if stopped { state.stopped.insert(instance) } else { state.stopped.remove(instance) }
            case "load":
                guard let load = value as? Double, load >= 0, load <= 10_000 else { throw invalid(key) }
                state.load = load
            case "deploy":
                guard let version = value as? String, (1...64).contains(version.utf8.count),
                    version.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic && $0.isASCII || "0123456789.-+_".unicodeScalars.contains($0) })
                else { throw invalid(key) }
                state.deploy = version
            case "worker":
                guard let mode = value as? String, ["stall", "poison"].contains(mode) else { throw invalid(key) }
                state.worker = mode
            case "job":
                guard let mode = value as? String, ["skip", "fail", "empty"].contains(mode) else { throw invalid(key) }
                state.job = mode
            default:
                continue  // instance, route: read above
            }
        }
        if let instance {
            state.instances[instance] = fault.isEmpty ? nil : fault
        } else if let route {
            state.routes[route] = fault.isEmpty ? nil : fault
        } else if deploying {
            state.deployed = fault
        } else {
            state.api = fault
        }
        return state
    }

    /// The state as the JSON `GET /faults` answers.
    static func json(_ state: FaultState) -> [String: Any] {
        var object: [String: Any] = self.json(state.api)
        if let database = state.database { object["db"] = database }
        if let payments = state.payments { object["payments"] = payments }
        if state.database == "slow" || state.payments == "slow" { object["delay_ms"] = state.delayMilliseconds }
        if !state.instances.isEmpty || !state.stopped.isEmpty {
            var instances: [String: Any] = [:]
            for (number, fault) in state.instances { instances["\(number)"] = self.json(fault) }
            for number in state.stopped {
                instances["\(number)", default: [String: Any]()] = ["stopped": true].merging(self.json(state.instances[number] ?? .init())) { $1 }
            }
            object["instances"] = instances
        }
        if !state.routes.isEmpty { object["routes"] = state.routes.mapValues { self.json($0) } }
        if let load = state.load { object["load"] = load }
        if let worker = state.worker { object["worker"] = worker }
        if let job = state.job { object["job"] = job }
        if let deploy = state.deploy { object["deploy"] = deploy }
        if !state.deployed.isEmpty { object["deployed"] = self.json(state.deployed) }
        return object
    }

    private static func json(_ fault: FaultState.APIFault) -> [String: Any] {
        var object: [String: Any] = [:]
        if fault.errorRate > 0 { object["error_rate"] = fault.errorRate }
        if fault.latencyMilliseconds > 0 { object["latency_ms"] = fault.latencyMilliseconds }
        return object
    }
}
