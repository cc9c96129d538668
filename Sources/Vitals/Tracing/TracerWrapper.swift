package import Instrumentation
import ServiceContextModule
package import Tracing

/// A tracer that changes what another writes into its spans (``RedactingTracer``) or which spans it
/// exports (``KeepingTracer``): propagation is the base's, and flushing is swift-otel's at shutdown.
package protocol TracerWrapper: Tracer {
    associatedtype Base: Tracer
    var base: Base { get }
}

extension TracerWrapper {
    /// Deprecated by swift-distributed-tracing; swift-otel flushes when its service shuts down.
    package func forceFlush() {}

    package func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        self.base.extract(carrier, into: &context, using: extractor)
    }

    package func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        self.base.inject(context, into: &carrier, using: injector)
    }
}
