import Foundation
import VitalsBase
import VitalsCore

/// A ping as the ping API reads it. Input: the first line is the path after the token with its query
/// (`0?records=5&duration=1.5`), percent-encoded as a URL is; the rest is the body. Accepted pings carry
/// only values within bounds; refusals are a sentence.
enum PingHarness {
    static let receivedAt = Date(timeIntervalSince1970: 1_800_000_000)

    static func run(_ bytes: [UInt8]) throws {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        let line = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = Array(bytes[min(newline + 1, bytes.endIndex)...].prefix(PingParser.bodyLimit))
        let suffix = String(line.prefix { $0 != "?" })
        var query: [String: String] = [:]
        for pair in line.drop { $0 != "?" }.dropFirst().split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            if query[parts[0]] == nil { query[parts[0]] = parts.count == 2 ? parts[1] : "" }  // the first wins, as the API reads it
        }
        let ping: Ping
        do {
            ping = try PingParser.parse(suffix: suffix, query: query, body: body, receivedAt: Self.receivedAt)
        } catch {
            try check(!error.description.isEmpty && error.description.count < 400, "refusal: \(error.description)")
            return
        }
        if let duration = ping.durationSeconds {
            try check(duration.isFinite && duration >= 0 && duration <= Bounds.longestDuration.inSeconds, "duration \(duration) accepted")
        }
        if let records = ping.records { try check((0...Bounds.mostRecords).contains(records), "records \(records) accepted") }
        if let runID = ping.runID { try check(runID == runID.lowercased() && (runID.count == 32 || runID.count == 36), "rid \(runID)") }
        if let text = ping.body { try check(!text.utf8.contains(0), "a NUL reached the stored log") }
        if case .finish(let status) = ping.kind { try check((0...255).contains(status), "exit status \(status)") }
    }
}
