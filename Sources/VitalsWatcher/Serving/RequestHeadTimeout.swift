import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection that has not sent a complete request head within `timeout` of connecting, or of its
/// previous answer: a client that dribbles its headers (slowloris) or connects and says nothing holds a
/// connection for `timeout` at most. The idle timeout alone would not catch it, since every byte resets it.
final class RequestHeadTimeout: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var pending: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = self.unwrapInboundIn(data) { self.disarm() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // After an answer, the next request head must come in time too (keep-alive).
        if case .end = self.unwrapOutboundIn(data) { self.arm(context) }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { self.disarm() }

    private func arm(_ context: ChannelHandlerContext) {
        self.disarm()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.pending = context.eventLoop.scheduleTask(in: self.timeout) { loopBound.value.close(promise: nil) }
    }

    private func disarm() {
        self.pending?.cancel()
        self.pending = nil
    }
}
