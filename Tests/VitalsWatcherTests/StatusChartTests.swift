import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Vitals
import VitalsCore
import VitalsProcess
import VitalsStore
import VitalsTestSupport
import VitalsWatcher

/// The API, worker and SLO charts, from rollups a previous run stored, looked at by a real browser.
@Suite(.timeLimit(.minutes(2))) struct StatusChartTests {
    static let yaml = """
        watcher: { listen: "127.0.0.1:0" }
        workloads:
          orders-api:
            kind: api
            metrics: http://127.0.0.1:9/metrics
            slo: { availability: 99.9%, latency: { below: 250ms, target: 99% }, window: 1d }
          orders-worker: { kind: worker, metrics: "http://127.0.0.1:9/metrics", progress_within: 5m }
        """

    /// Two hours of minutes as an earlier watcher stored them: traffic with an error spike, a backlog that grew and drained.
    static func storedRollups(now: Date) -> [StoredRollup] {
        let minute = Int64(now.timeIntervalSince1970 / 60)
        return (0..<120).flatMap { offset -> [StoredRollup] in
            var api = MinuteRollup(minute: minute - 120 + Int64(offset))
            api.scrapes = 4
            api.requests = 600 + Double(offset % 30) * 10
            api.errors = (60..<75).contains(offset) ? api.requests * 0.08 : 1
            let slow = api.requests * (offset > 90 ? 0.05 : 0.005)
            api.latency = Histogram(
                bounds: [0.05, 0.25, 1, .infinity],
                counts: [api.requests * 0.6, api.requests - slow, api.requests - slow / 3, api.requests]
            )
            api.fast = api.requests - slow
            if offset == 100 {
                let at = Date(timeIntervalSince1970: Double(api.minute) * 60 + 12)
                api.deploys = [Deploy(at: at, from: "1.4.2", to: "1.4.3", instances: ["10.0.0.7:8080", "10.0.0.8:8080"])]
            }
            var worker = MinuteRollup(minute: api.minute)
            worker.scrapes = 4
            worker.backlog = Double((40..<80).contains(offset) ? (offset - 40) * 30 : 5)
            worker.handled = 300
            worker.failed = (40..<60).contains(offset) ? 90 : 2
            return [StoredRollup(workload: "orders-api", rollup: api), StoredRollup(workload: "orders-worker", rollup: worker)]
        }
    }

    @Test func chartsRenderFromStoredRollupsInAHeadlessBrowser() async throws {
        let now = Date()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("charts-\(UUID().uuidString)")
        let store = try SQLiteStore(path: directory.appendingPathComponent("vitals.db").path)
        try await store.recordRollups(Self.storedRollups(now: now), forgetBefore: 0)
        let spec = try SpecLoader.parse(Self.yaml, file: "vitals.yml", environment: [:])
        let watcher = try await Watcher(
            spec: spec,
            store: store,
            signals: SignalRegistry(),
            health: HealthRegistry(),
            logger: WatcherFixture.quiet,
            time: .at(now)
        )

        try await watcher.application.test(.live) { client in
            let api = try await client.execute(uri: "/workloads/orders-api", method: .get) { String(buffer: $0.body) }
            for heading in ["Request rate", "Error ratio", "Latency", "SLO", "availability 99.9% over 1d", "latency 99% below 250ms over 1d"] {
                #expect(api.contains(heading), "missing \(heading)")
            }
            #expect(api.components(separatedBy: "<polyline").count - 1 >= 8, "rate, 5xx, three quantiles, budget and burn for two SLIs")
            #expect(api.contains("5xx: 0.1% now, 8.0% max"), "the legend gives the latest and largest values")
            // The deploy an earlier run stored is marked on each of the API's charts.
            #expect(api.components(separatedBy: "<g class=\"mark\">").count - 1 == 3, "rate, errors and latency")
            #expect(api.contains("<title>deploy: 1.4.3 (was 1.4.2) started "), "\(api)")
            #expect(api.contains(">1.4.3</text>"))
            let worker = try await client.execute(uri: "/workloads/orders-worker", method: .get) { String(buffer: $0.body) }
            #expect(worker.contains("backlog: 5 now, 1170 max"))
            #expect(worker.components(separatedBy: "<polyline").count - 1 == 3, "backlog, processing and failures on one chart")

            let chromium = try #require(
                ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) },
                "chromium not found: run scripts/test, which installs Debian's chromium package"
            )
            let port = try #require(client.port)
            let screenshot = directory.appendingPathComponent("orders-api.png")
            let result = try await ChildProcess.run(
                URL(fileURLWithPath: chromium),
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                    "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
                    "--window-size=1100,1600", "--screenshot=\(screenshot.path)", "http://127.0.0.1:\(port)/workloads/orders-api",
                ]
            )
            #expect(FileManager.default.fileExists(atPath: screenshot.path), "chromium wrote no screenshot: \(result.errors.suffix(2000))")
            if let keep = ProcessInfo.processInfo.environment["VITALS_KEEP_SCREENSHOT"] {
                try? FileManager.default.copyItem(at: screenshot, to: URL(fileURLWithPath: keep))
            }
            // The strokes are drawn: enough pixels in the chart colours (blue #0b57d0, red #cf222e, amber #bf8700).
            let colours = try await Self.colourCounts(screenshot)
            #expect(colours["blue", default: 0] > 500, "\(colours)")
            #expect(colours["red", default: 0] > 500, "\(colours)")
            #expect(colours["amber", default: 0] > 50, "\(colours)")
            #expect(colours["purple", default: 0] > 150, "the deploy marks are drawn: \(colours)")
        }
    }

    /// Pixels near each chart colour in a PNG, counted by a few lines of Python (zlib and PNG filters only).
    static func colourCounts(_ png: URL) async throws -> [String: Int] {
        let script = #"""
            import struct, sys, zlib, json
            data = open(sys.argv[1], 'rb').read()
            pos, idat, width, height, ctype = 8, b'', 0, 0, 0
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + length]; pos += 12 + length
                if kind == b'IHDR': width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
                elif kind == b'IDAT': idat += body
            bpp = 4 if ctype == 6 else 3
            raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
            for y in range(height):
                f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
                for i in range(stride):
                    a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
                    if f == 1: line[i] = (line[i] + a) & 255
                    elif f == 2: line[i] = (line[i] + b) & 255
                    elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                rows.append(line); prev = line
            targets = {'blue': (11, 87, 208), 'red': (207, 34, 46), 'amber': (191, 135, 0), 'purple': (130, 80, 223)}
            counts = {name: 0 for name in targets}
            for line in rows:
                for x in range(0, stride, bpp):
                    r, g, b = line[x], line[x + 1], line[x + 2]
                    for name, (tr, tg, tb) in targets.items():
                        if abs(r - tr) + abs(g - tg) + abs(b - tb) < 60: counts[name] += 1
            print(json.dumps(counts))
            """#
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, png.path])
        return (try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Int]) ?? [:]
    }
}
