package dev.kiln.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2FrameCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/2 connection as its event loop's {@link Connections} sees it: first in the connection's pipeline
 * ({@link Http2Pipeline}), ahead of Netty's frame codec, it keeps the connection's idle clock and answers the
 * drain. Its streams are in the registry too, each by its own {@link RequestHandler}, with their own clocks.
 *
 * <p>Idle: closed when the client has sent nothing for the idle timeout while no stream is open (a stream's own
 * handler times the stream out), through the codec, which sends GOAWAY {@code NO_ERROR} first. Draining: the same
 * close, which Netty's codec makes graceful (RFC 9113 §6.8): GOAWAY with the last stream it took, open streams
 * finish (up to the server's shutdown timeout), then the connection closes. {@link #closeNow} closes it from
 * here, ahead of the codec, so that nothing waits.
 */
final class Http2Connection extends ConnectionState {
    private static final Logger log = LoggerFactory.getLogger(Http2Connection.class);

    private final ServerState server;
    private final Http2FrameCodec frames;
    private Connections connections;
    private ChannelHandlerContext self;

    Http2Connection(ConnectionSettings settings, Http2FrameCodec frames) {
        this.server = settings.server;
        this.frames = frames;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ch) {
        self = ch;
        connections = server.connectionsOf(ch.channel().eventLoop());
        connections.join(this);
        if (server.isDraining()) drain();
    }

    /**
     * Bytes arrived. Whole frames or not, they count as the client's activity: the codec bounds a frame's size and
     * a header block's, and the header timeout, which is for HTTP/1.1 heads, does not apply.
     */
    @Override
    public void channelRead(ChannelHandlerContext ch, Object msg) {
        requestReceived(); // so that readComplete never starts a head: only the idle clock runs
        ch.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ch) {
        readComplete();
        ch.fireChannelReadComplete();
    }

    @Override
    void checkTimeouts(long now, long headerTimeout, long idleTimeout) {
        if (!self.channel().isOpen()) {
            leave();
            return;
        }
        // Each child channel's handler has its own clocks; a stream answered on the connection (Http2Streams)
        // whose response waits for the client's window has none, and the connection's idle clock bounds the wait.
        Http2Streams streams = self.pipeline().get(Http2Streams.class);
        int answered = streams == null ? 0 : streams.pending();
        if (frames.connection().numActiveStreams() > answered) return;
        String why = expired(now, headerTimeout, idleTimeout);
        if (why != null) {
            log.debug("Closing HTTP/2 connection from {}: {}", self.channel().remoteAddress(), why);
            if (answered > 0) streams.cancelPending(); // else the graceful close would wait for them
            self.channel().close(); // through the codec: GOAWAY first
        }
    }

    @Override
    void drain() {
        startDraining();
        stopAccepting();
        self.channel().close(); // GOAWAY, the open streams finish, then the close
    }

    @Override
    void closeNow() {
        stopAccepting();
        self.close(); // from here, ahead of the codec: no graceful wait
    }

    private void leave() {
        if (connections != null) connections.leave(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ch) throws Exception {
        leave();
        super.channelInactive(ch);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ch) {
        leave();
    }
}
