import Hummingbird

/// Applies the API faults to the order routes: added latency and a share of 500s.
struct APIFaultMiddleware<Context: RequestContext>: RouterMiddleware {
    struct InjectedFailure: Error {}

    let faults: Faults

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let state = self.faults.current
        if state.latencyMilliseconds > 0 { try await Task.sleep(for: .milliseconds(state.latencyMilliseconds)) }
        if state.errorRate > 0, Double.random(in: 0..<1) < state.errorRate { throw InjectedFailure() }
        return try await next(request, context)
    }
}
