import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VitalsCore

/// `vitals silence add|list|end`: holds back a workload's notifications through the watcher's API.
struct SilenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Hold back notifications for a workload (or one diagnosis) for a while.",
        subcommands: [Add.self, List.self, End.self]
    )

    /// Where the watcher is and how to authenticate: from the spec, overridable.
    struct Connection: ParsableArguments {
        @Option(help: "The spec file: its watcher.listen and watcher.api_token are used.") var config = "vitals.yml"
        @Option(help: "The watcher's base URL, instead of http://<watcher.listen>.") var url: String?
        @Option(help: "The API token (default: $VITALS_API_TOKEN, else watcher.api_token).") var token: String?

        /// Sends a request to the watcher's API; the answer's body, or a clean failure naming the URL.
        func call(_ method: HTTPMethod, _ path: String, body: [String: String]? = nil) async throws -> Data {
            let spec = try SpecFile.load(self.config)
            // A watcher listening on every interface is still reached over loopback from its own host.
            let base = (self.url ?? "http://\(spec.watcher.listen.reachable)").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let token = self.token ?? ProcessInfo.processInfo.environment["VITALS_API_TOKEN"] ?? spec.watcher.apiToken?.value
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            }
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                let data = Data((try await response.body.collect(upTo: 4 * 1024 * 1024)).readableBytesView)
                guard (200..<300).contains(response.status.code) else {
                    let message =
                        (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? String
                        ?? String(decoding: data, as: UTF8.self)
                    throw CommandFailure.fail("\(method.rawValue) \(base + path): \(response.status.code) \(message)")
                }
                return data
            } catch let error as ExitCode {
                throw error
            } catch {
                throw CommandFailure.fail("cannot reach the watcher at \(base): \(error); is `vitals serve` running?")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Silence a workload, or one of its diagnoses.")
        @Argument(help: "The workload.") var workload: String
        @Option(help: "Only this diagnosis, e.g. job.failed.") var diagnosis: String?
        @Option(name: .customLong("for"), help: "How long, e.g. 2h (starting now, or at --from).") var duration: String?
        @Option(help: "Until this ISO-8601 time instead of --for.") var until: String?
        @Option(help: "Start at this ISO-8601 time instead of now.") var from: String?
        @Option(help: "Why: shown on the status page.") var comment: String
        @Option(help: "Who (default: $USER).") var by: String?
        @OptionGroup var connection: Connection

        func run() async throws {
            var body = [
                "workload": self.workload, "comment": self.comment, "created_by": self.by ?? ProcessInfo.processInfo.environment["USER"] ?? "cli",
            ]
            body["diagnosis"] = self.diagnosis
            body["duration"] = self.duration
            body["ends_at"] = self.until
            body["starts_at"] = self.from
            let data = try await self.connection.call(.POST, "/api/v1/silences", body: body)
            let silence = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            print("silence \(silence?["id"] ?? "?") on \(self.workload)\(self.diagnosis.map { " \($0)" } ?? "") until \(silence?["ends_at"] ?? "?")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Silences in force or pending.")
        @OptionGroup var connection: Connection

        func run() async throws {
            let data = try await self.connection.call(.GET, "/api/v1/silences")
            let silences = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["silences"] as? [[String: Any]] ?? []
            for silence in silences {
                print(
                    "\(silence["id"] ?? "?")\t\(silence["workload"] ?? "?")\t\(silence["diagnosis"] ?? "all")\t\(silence["starts_at"] ?? "?")\t\(silence["ends_at"] ?? "?")\t\(silence["created_by"] ?? "")\t\(silence["comment"] ?? "")"
                )
            }
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a silence now.")
        @Argument(help: "The silence's id (see vitals silence list).") var id: Int64
        @OptionGroup var connection: Connection

        func run() async throws {
            _ = try await self.connection.call(.DELETE, "/api/v1/silences/\(self.id)")
            print("silence \(self.id) ended")
        }
    }
}
