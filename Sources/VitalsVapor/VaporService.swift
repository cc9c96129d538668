public import ServiceLifecycle
public import Vapor

/// A Vapor `Application` as a swift-service-lifecycle `Service`, so it runs inside the `ServiceGroup`
/// that ``Vitals/bootstrap(configuration:environment:)`` returns services for — and shuts down in its order:
/// readiness fails and the server keeps serving for the drain period, then the server stops accepting and
/// finishes what is in flight, then traces are flushed.
///
/// It starts the HTTP server directly rather than through Vapor's `serve` command, whose own SIGTERM
/// handler would close the port at once, before load balancers have stopped sending.
///
/// ```swift
/// let vitals = try Vitals.bootstrap(configuration: configuration)
/// let app = try await Application.make(.detect())
/// app.useVitals()
/// try routes(app)
/// let group = ServiceGroup(services: vitals.around([VaporService(app)]), gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger)
/// try await group.run()
/// ```
public struct VaporService: Service {
    /// The application it runs.
    public let app: Application
    private let onServerRunning: (@Sendable (Application) async throws -> Void)?

    /// Runs `app` until graceful shutdown; the application is shut down (and unusable) afterwards.
    /// `onServerRunning` is called once the server listens — where `Vitals.health.markStarted()` belongs when
    /// nothing else has to warm up.
    public init(_ app: Application, onServerRunning: (@Sendable (Application) async throws -> Void)? = nil) {
        self.app = app
        self.onServerRunning = onServerRunning
    }

    /// Boots the application, serves on its configured address, and on graceful shutdown stops the server
    /// (in-flight requests finish, up to `app.http.server.configuration.shutdownTimeout`) and the application.
    public func run() async throws {
        do {
            try await self.app.asyncBoot()
            try await self.app.server.start(address: nil)
            try await self.onServerRunning?(self.app)
        } catch {
            await self.app.server.shutdown()
            try? await self.app.asyncShutdown()
            throw error
        }
        try? await gracefulShutdown()
        await self.app.server.shutdown()
        try await self.app.asyncShutdown()
    }
}
