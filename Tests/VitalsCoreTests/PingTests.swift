import Foundation
import Testing
import VitalsCore

@Suite struct PingTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func parse(_ suffix: String, _ query: [String: String] = [:], body: String = "") throws -> Ping {
        try PingParser.parse(suffix: suffix, query: query, body: Array(body.utf8), receivedAt: self.now)
    }

    @Test(arguments: [
        ("", Ping.Kind.finish(exitStatus: 0)), ("start", .start), ("fail", .finish(exitStatus: 1)), ("log", .log), ("0", .finish(exitStatus: 0)),
        ("137", .finish(exitStatus: 137)), ("255", .finish(exitStatus: 255)),
    ])
    func theHealthchecksPathsMeanWhatTheyMeanThere(suffix: String, kind: Ping.Kind) throws {
        #expect(try self.parse(suffix).kind == kind)
    }

    @Test(arguments: ["256", "-1", "007", "finish", "start/extra", "1e2"])
    func otherPathsAreRefusedWithAHint(suffix: String) {
        #expect(throws: PingParser.Invalid.self) { try self.parse(suffix) }
    }

    @Test func extensionsAndBodyAreRead() throws {
        let rid = "3F2C9A1E-7B4D-4E8A-9C1F-2A6B8D0E4F13"
        let ping = try self.parse("0", ["rid": rid, "records": "41200", "duration": "12.5"], body: "done\n")
        #expect(ping.runID == rid.lowercased())
        #expect(ping.records == 41_200)
        #expect(ping.durationSeconds == 12.5)
        #expect(ping.body == "done\n")
    }

    @Test(arguments: [
        ["rid": "not-a-uuid"], ["records": "-3"], ["records": "many"], ["duration": "inf"], ["duration": "-1"],
        // Foundation's UUID parser stops at a NUL; the run id must be the whole value (found by the fuzzer).
        ["rid": "3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e4f13\u{0}\u{0}="], ["rid": "3f2c9a1e-7b4d-4e8a-9c1f-2a6b8d0e4f13 "],
    ])
    func badExtensionsAreRefused(query: [String: String]) {
        #expect(throws: PingParser.Invalid.self) { try self.parse("0", query) }
    }

    @Test func theBodyIsCutAtTheAnnouncedLimit() throws {
        let ping = try self.parse("log", body: String(repeating: "x", count: PingParser.bodyLimit + 500))
        #expect(ping.body?.utf8.count == PingParser.bodyLimit)
    }
}

@Suite struct RunPairingTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func aFinishClosesTheNewestOpenRunAndMeasuresIt() {
        let runs: [(record: JobRunRecord, runID: String?)] = [(JobRunRecord(startedAt: self.t0), nil)]
        let finish = Ping(kind: .finish(exitStatus: 0), receivedAt: self.t0.addingTimeInterval(42), records: 7)
        guard case .close(let index, let record) = RunPairing.apply(finish, to: runs) else {
            Issue.record("expected the open run to close")
            return
        }
        #expect(index == 0)
        #expect(record.durationSeconds == 42)
        #expect(record.records == 7)
        #expect(record.succeeded)
    }

    @Test func overlappingRunsPairByRunID() {
        let runs: [(record: JobRunRecord, runID: String?)] = [
            (JobRunRecord(startedAt: self.t0.addingTimeInterval(10)), "b"), (JobRunRecord(startedAt: self.t0), "a"),
        ]
        let finishA = Ping(kind: .finish(exitStatus: 3), receivedAt: self.t0.addingTimeInterval(60), runID: "a")
        guard case .close(let index, let record) = RunPairing.apply(finishA, to: runs) else {
            Issue.record("expected run a to close")
            return
        }
        #expect(index == 1)
        #expect(record.durationSeconds == 60)
        #expect(record.exitStatus == 3)
    }

    @Test func aFinishWithoutAStartIsARunOfItsOwn() {
        let finish = Ping(kind: .finish(exitStatus: 0), receivedAt: self.t0, records: 1, durationSeconds: 9)
        #expect(
            RunPairing.apply(finish, to: []) == .open(JobRunRecord(finishedAt: self.t0, exitStatus: 0, durationSeconds: 9, records: 1), runID: nil)
        )
        let unknownRID = Ping(kind: .finish(exitStatus: 0), receivedAt: self.t0, runID: "zzz")
        if case .close = RunPairing.apply(unknownRID, to: [(JobRunRecord(startedAt: self.t0), "other")]) {
            Issue.record("a rid must not close another run")
        }
    }

    @Test func aStartAlwaysOpensARun() {
        let start = Ping(kind: .start, receivedAt: self.t0, runID: "r1")
        #expect(
            RunPairing.apply(start, to: [(JobRunRecord(startedAt: self.t0.addingTimeInterval(-60)), nil)])
                == .open(JobRunRecord(startedAt: self.t0), runID: "r1")
        )
    }
}
