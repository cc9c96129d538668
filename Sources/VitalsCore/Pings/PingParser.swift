package import Foundation
import VitalsBase

/// Reads the part of a ping URL after the token or slug — `""`, `start`, `fail`, `log` or an exit status —
/// and its query (`rid`, `records`, `duration`), as healthchecks.io does, with Vitals' extensions.
package enum PingParser {
    /// Bytes of body kept as the run's log, announced in the `Ping-Body-Limit` header.
    package static let bodyLimit = 100_000

    /// Why a ping was refused: answered with 400 and this message.
    package struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        package let description: String
    }

    /// - Parameters:
    ///   - suffix: the path after the token, without a leading slash (`start`, `0`, `fail`, `log`, or empty).
    ///   - query: decoded query parameters.
    package static func parse(suffix: String, query: [String: String], body: [UInt8], receivedAt: Date) throws(Invalid) -> Ping {
        let kind: Ping.Kind
        switch suffix {
        case "": kind = .finish(exitStatus: 0)
        case "start": kind = .start
        case "fail": kind = .finish(exitStatus: 1)
        case "log": kind = .log
        default:
            guard let status = Int(suffix), (0...255).contains(status), String(status) == suffix else {
                throw Invalid(
                    description: "unknown ping \"/\(suffix.prefix(32))\"; use /start, /fail, /log, /<exit status 0-255> or nothing for success"
                )
            }
            kind = .finish(exitStatus: status)
        }
        var ping = Ping(kind: kind, receivedAt: receivedAt)
        if let rid = query["rid"] {
            // Matched whole, not with `UUID(uuidString:)`: on Linux it reads a C string and stops at a NUL,
            // so "<uuid>\0=junk" passed and was stored as the run id (found by the pings fuzzer).
            guard rid.wholeMatch(of: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}/) != nil else {
                throw Invalid(description: "rid must be a UUID, got \"\(rid.prefix(64))\"")
            }
            ping.runID = rid.lowercased()
        }
        if let records = query["records"] {
            guard let count = Int(records), count >= 0, count <= Bounds.mostRecords else {
                throw Invalid(description: "records must be a whole number from 0 to 10^15, got \"\(records.prefix(32))\"")
            }
            ping.records = count
        }
        if let duration = query["duration"] {
            guard let seconds = Double(duration), seconds >= 0, seconds <= Bounds.longestDuration.inSeconds else {
                throw Invalid(description: "duration must be seconds from 0 to 315360000 (10 years), got \"\(duration.prefix(32))\"")
            }
            ping.durationSeconds = seconds
        }
        if !body.isEmpty {
            ping.body = Self.logText(body.prefix(Self.bodyLimit))
        }
        return ping
    }

    /// A body as a run's log. Invalid UTF-8 is kept readable rather than refused: a job's output is evidence,
    /// whatever its encoding. A NUL byte is shown as `␀`: stores and terminals end text at a NUL, which would
    /// cut the log there.
    package static func logText(_ bytes: some Collection<UInt8>) -> String {
        guard bytes.contains(0) else { return String(decoding: bytes, as: UTF8.self) }
        // Replaced as bytes, before decoding: a NUL followed by a combining mark is one Character with it, so
        // replacing the Character "\0" in the text would miss it (found by the fuzzer).
        var replaced: [UInt8] = []
        replaced.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            if byte == 0 { replaced.append(contentsOf: [0xE2, 0x90, 0x80]) } else { replaced.append(byte) }
        }
        return String(decoding: replaced, as: UTF8.self)
    }
}
