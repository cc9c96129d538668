import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import VitalsCore

/// The exposition parser on what real exporters write, captured by the test from the real binaries
/// (Debian's prometheus-node-exporter, prometheus, prometheus-alertmanager); the same bytes are then
/// served to a real Prometheus, whose own count of scraped samples must equal the parser's.
@Suite(.timeLimit(.minutes(3))) struct RealExpositionTests {
    static func binary(_ name: String) -> URL? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func fetch(_ url: String, accept: String? = nil) async throws -> (bytes: [UInt8], contentType: String?) {
        var request = HTTPClientRequest(url: url)
        if let accept { request.headers.add(name: "Accept", value: accept) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Array(body.readableBytesView), response.headers.first(name: "Content-Type"))
    }

    @Test func realExportersParseCleanlyAndPrometheusCountsTheSameSamples() async throws {
        let node = try #require(Self.binary("prometheus-node-exporter"), "apt-get install prometheus-node-exporter (scripts/test does)")
        let prometheus = try #require(Self.binary("prometheus"), "apt-get install prometheus")
        let alertmanager = try #require(Self.binary("prometheus-alertmanager"), "apt-get install prometheus-alertmanager")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("real-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ports = try (0..<4).map { _ in try CrashDurabilityTests.freePort() }

        // The captured bytes, served as they were for Prometheus to scrape.
        let captured = CapturedExpositions()
        let files = try await FileServer.start(captured)
        defer { files.stop() }
        try """
        global: { scrape_interval: 1s, scrape_timeout: 1s }
        scrape_configs:
          - { job_name: node, metrics_path: /node, static_configs: [{ targets: ["127.0.0.1:\(files.port)"] }] }
          - { job_name: prometheus, metrics_path: /prometheus, static_configs: [{ targets: ["127.0.0.1:\(files.port)"] }] }
          - { job_name: alertmanager, metrics_path: /alertmanager, static_configs: [{ targets: ["127.0.0.1:\(files.port)"] }] }
        """.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        try "route: { receiver: none }\nreceivers: [{ name: none }]\n".write(
            to: directory.appendingPathComponent("alertmanager.yml"),
            atomically: true,
            encoding: .utf8
        )

        let servers = [
            try await ServerProcess.start(node, ["--web.listen-address=127.0.0.1:\(ports[0])"], port: ports[0], readyPath: "/metrics"),
            try await ServerProcess.start(
                alertmanager,
                [
                    "--config.file=\(directory.path)/alertmanager.yml", "--web.listen-address=127.0.0.1:\(ports[1])", "--cluster.listen-address=",
                    "--storage.path=\(directory.path)/am",
                ],
                port: ports[1],
                readyPath: "/-/ready"
            ),
            try await ServerProcess.start(
                prometheus,
                [
                    "--config.file=\(directory.path)/prometheus.yml", "--web.listen-address=127.0.0.1:\(ports[2])",
                    "--storage.tsdb.path=\(directory.path)/tsdb",
                ],
                port: ports[2],
                readyPath: "/-/ready"
            ),
        ]
        defer { for server in servers { server.kill() } }

        let sources = ["node": ports[0], "alertmanager": ports[1], "prometheus": ports[2]]
        var counts: [String: Int] = [:]
        for (job, port) in sources {
            let classic = try await self.fetch("http://127.0.0.1:\(port)/metrics", accept: "text/plain;version=0.0.4")
            let exposition = ExpositionParser(format: .prometheus).parse(classic.bytes)
            #expect(exposition.errors.isEmpty, "\(job): \(exposition.errors.prefix(3))")
            #expect(exposition.sampleCount > 100 && exposition.familyCount > 20, "\(job): \(exposition.sampleCount) samples")
            #expect(exposition.families.reduce(0) { $0 + $1.samples.count } == exposition.sampleCount)
            counts[job] = exposition.sampleCount
            captured.set(job, classic.bytes)

            // OpenMetrics where the binary speaks it (Prometheus and Alertmanager do; node_exporter 1.5 answers classic).
            let negotiated = try await self.fetch("http://127.0.0.1:\(port)/metrics", accept: ExpositionFormat.accept)
            let format = ExpositionFormat.from(contentType: negotiated.contentType)
            let openMetrics = ExpositionParser(format: format).parse(negotiated.bytes)
            #expect(openMetrics.errors.isEmpty, "\(job) as \(format): \(openMetrics.errors.prefix(3))")
        }

        // Prometheus's own count of what it scraped from the same bytes.
        for (job, expected) in counts {
            var scraped: Int?
            for _ in 0..<100 where scraped == nil {
                try await Task.sleep(for: .milliseconds(200))
                let answer = try await self.fetch("http://127.0.0.1:\(ports[2])/api/v1/query?query=scrape_samples_scraped%7Bjob%3D%22\(job)%22%7D")
                let json = try JSONSerialization.jsonObject(with: Data(answer.bytes)) as? [String: Any]
                let result = ((json?["data"] as? [String: Any])?["result"] as? [[String: Any]])?.first
                scraped = ((result?["value"] as? [Any])?.last as? String).flatMap(Int.init)
            }
            #expect(scraped == expected, "\(job): Prometheus scraped \(scraped.map(String.init) ?? "nothing"), the parser counted \(expected)")
        }
    }
}

/// Captured expositions by job, served by ``FileServer``.
final class CapturedExpositions: Sendable {
    private let files = Mutex<[String: [UInt8]]>([:])
    func set(_ job: String, _ bytes: [UInt8]) { self.files.withLock { $0[job] = bytes } }
    func get(_ job: String) -> [UInt8]? { self.files.withLock { $0[job] } }
}

/// Serves captured expositions at `/<job>` as `text/plain; version=0.0.4`.
enum FileServer {
    static func start(_ captured: CapturedExpositions) async throws -> LocalServer {
        let router = Router()
        router.get("{job}") { _, context -> Response in
            guard let bytes = captured.get(context.parameters.get("job") ?? "") else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return try await LocalServer.start(router)
    }
}
