import Hummingbird

/// Applies the API faults to the order routes of one instance: added latency and a share of 500s, from
/// faults on every instance, on this one, or on the route asked for.
struct APIFaultMiddleware<Context: RequestContext>: RouterMiddleware {
    struct InjectedFailure: Error {}

    let faults: Faults
    /// This instance's number, 1 for the first.
    let instance: Int
    /// The version this instance runs.
    let version: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let route = "\(request.method.rawValue) \(context.endpointPath ?? request.uri.path)"
        let fault = self.faults.current.apiFault(instance: self.instance, route: route, version: self.version)
        if fault.latencyMilliseconds > 0 { try await Task.sleep(for: .milliseconds(fault.latencyMilliseconds)) }
        if fault.errorRate > 0, Double.random(in: 0..<1) < fault.errorRate { throw InjectedFailure() }
        return try await next(request, context)
    }
}
