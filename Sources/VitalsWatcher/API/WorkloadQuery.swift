import Foundation

/// Which workloads a list shows, from the query string of `/` and `/api/v1/workloads`: with ten thousand
/// workloads nobody reads them all, so lists come problems first, a page at a time, filtered by state, kind
/// or a piece of the name.
package struct WorkloadQuery: Equatable, Sendable {
    /// Only these states (`firing`, `pending`, …); empty for all.
    package var states: Set<String> = []
    /// Only these kinds (`api`, `worker`, `job`); empty for all.
    package var kinds: Set<String> = []
    /// Only names containing this, ignoring case; empty for all.
    package var name = ""
    package var offset = 0
    package var limit = WorkloadQuery.defaultLimit

    package static let defaultLimit = 100
    package static let maximumLimit = 1000
    static let knownStates = ["firing", "unknown", "pending", "silenced", "starting", "ok", "unchecked"]
    static let knownKinds = ["api", "worker", "job"]

    package init() {}

    /// Reads `state`, `kind` (comma-separated or repeated), `q`, `offset` and `limit`; anything else in the
    /// query is ignored, as links from elsewhere carry their own parameters.
    package static func parse(_ parameters: [(key: Substring, value: Substring)]) -> Result<WorkloadQuery, QueryError> {
        var query = WorkloadQuery()
        for (key, value) in parameters {
            let text = String(value)
            switch key {
            case "state":
                let states = Self.list(text)
                if let unknown = states.first(where: { !Self.knownStates.contains($0) }) {
                    return .failure(QueryError("state: \"\(unknown)\" is not a state; use \(Self.knownStates.joined(separator: ", "))"))
                }
                query.states.formUnion(states)
            case "kind":
                let kinds = Self.list(text)
                if let unknown = kinds.first(where: { !Self.knownKinds.contains($0) }) {
                    return .failure(QueryError("kind: \"\(unknown)\" is not a kind; use api, worker or job"))
                }
                query.kinds.formUnion(kinds)
            case "q": query.name = text.lowercased()
            case "offset":
                guard let offset = Int(text), offset >= 0 else {
                    return .failure(QueryError("offset: \"\(text.prefix(40))\" is not a whole number of workloads to skip (0 or more)"))
                }
                query.offset = offset
            case "limit":
                guard let limit = Int(text), (1...Self.maximumLimit).contains(limit) else {
                    return .failure(QueryError("limit: \"\(text.prefix(40))\" is not a page size from 1 to \(Self.maximumLimit)"))
                }
                query.limit = limit
            default: continue
            }
        }
        return .success(query)
    }

    func matches(name: String, kind: String, state: String) -> Bool {
        (self.states.isEmpty || self.states.contains(state)) && (self.kinds.isEmpty || self.kinds.contains(kind))
            && (self.name.isEmpty || name.lowercased().contains(self.name))
    }

    /// Where problems come in a list: what needs someone now first, what needs nothing last.
    static func rank(_ state: String) -> Int { Self.knownStates.firstIndex(of: state) ?? Self.knownStates.count }

    /// The query string for this query at another offset (empty parameters left out).
    func queryString(offset: Int) -> String {
        var parts: [String] = []
        if !self.states.isEmpty { parts.append("state=" + self.states.sorted().joined(separator: ",")) }
        if !self.kinds.isEmpty { parts.append("kind=" + self.kinds.sorted().joined(separator: ",")) }
        if !self.name.isEmpty { parts.append("q=" + (self.name.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")) }
        if offset > 0 { parts.append("offset=\(offset)") }
        if self.limit != Self.defaultLimit { parts.append("limit=\(self.limit)") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// RFC 3986's unreserved characters: everything else in a name is percent-encoded in links.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// A query parameter that cannot be read, named with what to send instead.
    package struct QueryError: Error, Equatable, Sendable {
        package let message: String
        init(_ message: String) { self.message = message }
    }
}

/// One page of a workload list, with what a user needs to go on: how many there are, in which states,
/// and where the next page is.
package struct WorkloadPage: Encodable, Sendable {
    var workloads: [WorkloadStatus]
    /// Every workload in the spec.
    var total: Int
    /// Those matching the query's filters, of which this page shows `workloads`.
    var matched: Int
    var offset: Int
    var limit: Int
    /// Every workload by state, whatever the filters, as the page's summary shows them.
    var counts: [String: Int]
    /// The query string of the next page, when there is one.
    var next: String?
}

extension WorkloadPage {
    /// A page holding all of `workloads`.
    package init(all workloads: [WorkloadStatus]) {
        self.init(
            workloads: workloads,
            total: workloads.count,
            matched: workloads.count,
            offset: 0,
            limit: max(1, workloads.count),
            counts: Dictionary(grouping: workloads, by: \.state).mapValues(\.count),
            next: nil
        )
    }
}
