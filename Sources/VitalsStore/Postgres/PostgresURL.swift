import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// `postgres://user[:password]@host[:port]/database[?sslmode=require]`, read once and turned into the
/// configurations PostgresNIO wants.
struct PostgresURL {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String?
    var requireTLS: Bool
    /// For messages: the password as `<secret>`.
    var redacted: String

    init(_ text: String) throws {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, let user = components.user, !user.isEmpty
        else {
            throw StoreError("\(Self.redact(text)) is not a PostgreSQL URL; write postgres://user[:password]@host[:port]/database")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.password = components.password
        self.database = components.path.split(separator: "/").first.map(String.init)
        self.requireTLS = components.queryItems?.first { $0.name == "sslmode" }?.value == "require"
        self.redacted = Self.redact(text)
    }

    /// The password (between `user:` and `@`) replaced, in the text as written.
    static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@"),
            let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        else { return text }
        return text.replacingCharacters(in: text.index(after: colon)..<at, with: "<secret>")
    }

    var client: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: self.host,
            port: self.port,
            username: self.user,
            password: self.password,
            database: self.database,
            tls: self.requireTLS ? .require(.makeClientConfiguration()) : .disable
        )
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = 8
        // Every exchange has a deadline: a connection that does not open, or a statement the server does
        // not finish, fails in seconds instead of holding an evaluation or a ping.
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [("statement_timeout", "10000")]
        return configuration
    }

    /// Connects once, directly: a wrong host, user or password fails here at once with the server's
    /// own words, rather than after the pool's retries.
    func probe(logger: Logger) async throws {
        let tls: PostgresConnection.Configuration.TLS =
            self.requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        var configuration = PostgresConnection.Configuration(
            host: self.host,
            port: self.port,
            username: self.user,
            password: self.password,
            database: self.database,
            tls: tls
        )
        configuration.options.connectTimeout = .seconds(10)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch let error as PSQLError {
            throw StoreError("cannot open the PostgreSQL store at \(self.redacted): \(Self.describe(error))")
        }
    }

    /// PSQLError hides details from its description on purpose; the server's message is what a user needs.
    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
