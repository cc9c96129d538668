import Foundation
import Logging
import Testing
import VitalsProcess
import VitalsTestSupport

@testable import Vitals

@Suite struct RedactionTests {
    static let canary = "CANARY-7f3a9c"

    /// Logs through a real JSON handler and returns everything it wrote.
    func written(policy: RedactionPolicy = .default, _ log: (Logger) -> Void) -> String {
        let lines = CapturedLines()
        let handler = JSONLogHandler(
            label: "test",
            service: "svc",
            environment: "test",
            redaction: policy,
            output: .custom { lines.append($0) }
        )
        log(Logger(label: "test", factory: { _ in handler }))
        return lines.text
    }

    @Test(arguments: [
        "authorization", "Authorization", "cookie", "Set-Cookie", "password", "db_passwd", "client_secret",
        "access_token", "X-API-Key", "apikey", "private_key", "aws.access_key", "credentials",
    ])
    func secretKeysAreRedacted(key: String) {
        let output = self.written { $0.info("login", metadata: [key: "\(Self.canary)"]) }
        #expect(!output.contains(Self.canary))
        #expect(output.contains("<redacted>"))
    }

    @Test func nestedValuesUnderSecretKeysAreRedactedWhole() {
        let output = self.written {
            $0.info("request", metadata: ["headers": ["Authorization": "\(Self.canary)", "accept": "json"], "auth": ["token": ["\(Self.canary)"]]])
        }
        #expect(!output.contains(Self.canary))
        #expect(output.contains("json"))
    }

    @Test(arguments: [
        "connecting to postgres://orders:\(canary)@db.internal:5432/orders",
        "header was Bearer \(canary)abcdef",
        "got token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ\(canary.replacingOccurrences(of: "-", with: ""))In0.c2lnbmF0dXJl",
        "retrying https://api.example/v1?api_key=\(canary)&page=2",
        #"body {"password": "\#(canary)"}"#,
        "basic auth Basic \(canary)ZXhhbXBsZQ==",
    ])
    func credentialsInTextAreRedacted(message: String) {
        let inMessage = self.written { $0.info("\(message)") }
        let inValue = self.written { $0.info("event", metadata: ["detail": "\(message)"]) }
        #expect(!inMessage.contains(Self.canary.replacingOccurrences(of: "-", with: "")))
        #expect(!inMessage.contains(Self.canary))
        #expect(!inValue.contains(Self.canary))
    }

    @Test func ordinaryTextIsUntouched() {
        let redactor = Redactor()
        let text = "order 42 shipped to Zürich at 10:30, see https://example.com/orders?id=42 (3 items)"
        #expect(redactor.redact(text) == text)
    }

    @Test func allowAndDenyListsAreHonoured() {
        var policy = RedactionPolicy.default
        policy.allow.insert("token_count")
        policy.deny.insert("ssn")
        let output = self.written(policy: policy) { $0.info("usage", metadata: ["token_count": "1234", "ssn": "\(Self.canary)"]) }
        #expect(output.contains("1234"))
        #expect(!output.contains(Self.canary))
    }

    @Test func errorsAreRedactedToo() {
        struct LeakyError: Error, CustomStringConvertible {
            var description: String { "cannot connect to redis://:\(RedactionTests.canary)@cache:6379" }
        }
        let lines = CapturedLines()
        let handler = JSONLogHandler(label: "t", service: "s", environment: "e", output: .custom { lines.append($0) })
        handler.log(
            event: LogEvent(
                level: .error,
                message: "failed",
                error: LeakyError(),
                metadata: nil,
                source: "t",
                file: #file,
                function: #function,
                line: #line
            )
        )
        #expect(lines.text.contains(#""error":"#))
        #expect(!lines.text.contains(Self.canary))
    }
}
