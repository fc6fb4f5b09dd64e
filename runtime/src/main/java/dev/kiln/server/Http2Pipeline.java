package dev.kiln.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of an HTTP/2 connection, and of each of its streams. The connection's pipeline is
 * {@link Http2Connection} (clocks, drain) → Netty's {@code Http2FrameCodec} (frames, HPACK, flow control, the
 * RFC 9113 state machine and the flood limits of {@link Http2Config}) → {@link Http2Streams}, which answers a
 * bodiless request whose chain answers in memory on the connection itself → {@code Http2MultiplexHandler}, which
 * makes every other stream a child channel. A child's pipeline is {@code Http2StreamFrameToHttpObjectCodec} (its
 * HEADERS and DATA frames as Netty's HTTP/1.1 objects, and back) → a {@link RequestHandler} of its own: the
 * generated router, chains, binding, pooled contexts, streams and SSE run as on HTTP/1.1, and a stream's flow
 * control is its child channel's writability, which {@link StreamedResponse} already waits on.
 *
 * <p>Three ways in: {@link Http2Cleartext} on an HTTP/1.1 port for a client that starts with the preface (prior
 * knowledge), {@link Http2Upgrade} for {@code Upgrade: h2c} on its first request, and {@link #configure} for a
 * TLS connection whose ALPN chose {@code h2}.
 */
final class Http2Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Http2Pipeline.class);

    /** The names of the handlers in a connection's pipeline. */
    static final String CONNECTION = "kiln-h2";
    static final String FRAMES = "h2-frames";
    static final String DISPATCH = "kiln-h2-streams";
    static final String STREAMS = "h2-streams";
    static final String LAST = "kiln-h2-errors";

    /** Stateless, shared by every stream of every connection. */
    private static final Http2StreamFrameToHttpObjectCodec STREAM_CODEC = new Http2StreamFrameToHttpObjectCodec(true);

    private Http2Pipeline() {}

    /**
     * Installs the HTTP/2 handlers at the end of {@code pipeline}: what a TLS connection gets once ALPN has chosen
     * {@code h2}, and a clear-text one once it has sent the preface.
     */
    static void configure(ChannelPipeline pipeline, ConnectionSettings settings) {
        Http2FrameCodec frames = frameCodec(settings.http2);
        ChannelHandler[] streams = streams(settings);
        pipeline.addLast(CONNECTION, new Http2Connection(settings, frames));
        pipeline.addLast(FRAMES, frames);
        pipeline.addLast(DISPATCH, streams[0]);
        pipeline.addLast(STREAMS, streams[1]);
        pipeline.addLast(LAST, ERRORS);
    }

    /** The frame codec of one connection, with the server's settings and flood limits. */
    static Http2FrameCodec frameCodec(Http2Config config) {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(config.initialSettings())
                .gracefulShutdownTimeoutMillis(config.gracefulShutdownMillis)
                .decoderEnforceMaxRstFramesPerWindow(Http2Config.MAX_RESETS, Http2Config.RESET_WINDOW_SECONDS)
                .encoderEnforceMaxQueuedControlFrames(Http2Config.MAX_QUEUED_CONTROL_FRAMES)
                .decoderEnforceMaxSmallContinuationFrames(Http2Config.MAX_SMALL_CONTINUATIONS)
                .validateHeaders(true)
                .validateRequiredPseudoHeaders(true) // a request without :method, :scheme or :path (RFC 9113 §8.3.1)
                .build();
    }

    /**
     * The handlers after the frame codec, in order: {@link Http2Streams}, which serves what it can on the connection,
     * and the multiplexer that makes every other stream a child channel served by a {@link RequestHandler} of its own.
     */
    static ChannelHandler[] streams(ConnectionSettings settings) {
        Http2Streams streams = new Http2Streams(settings);
        Http2MultiplexHandler children = new Http2MultiplexHandler(new ConnectionInitializer(stream -> {
            RequestHandler handler = new RequestHandler(settings, true, streams.observer());
            stream.pipeline().addLast("http", STREAM_CODEC).addLast("kiln", handler);
            streams.childMade(handler);
        }));
        return new ChannelHandler[] {streams, children};
    }

    /**
     * Ends a stream whose client has been too slow: RST_STREAM {@code CANCEL} (RFC 9113 §8.7), which also frees what
     * the stream's flow control holds for it (a response the client never opened its window for), then the close.
     * Closing the stream's channel alone would not reset a stream whose request and response have both ended.
     */
    static void cancel(ChannelHandlerContext stream) {
        stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL)).addListener(f -> stream.close());
    }

    /**
     * Answers a stream error that reached a stream's handler (a header Netty's conversion to HTTP/1.1 refused, say)
     * with RST_STREAM and the error's code (RFC 9113 §5.4.2); false when {@code cause} is no HTTP/2 error.
     */
    static boolean resetStream(ChannelHandlerContext stream, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Http2Exception e) {
                log.debug("Resetting a stream from {}: {}", stream.channel().parent().remoteAddress(), e.toString());
                stream.writeAndFlush(new DefaultHttp2ResetFrame(e.error())).addListener(f -> stream.close());
                return true;
            }
        }
        return false;
    }

    /** The connection's last handler, shared. */
    static ChannelHandler errors() {
        return ERRORS;
    }

    /**
     * The connection's last handler: what the codec passed on (an I/O error, mostly) is logged and the connection
     * closed, rather than reaching Netty's tail, which would log each at warning level.
     */
    private static final ChannelHandler ERRORS = new Errors();

    @ChannelHandler.Sharable
    private static final class Errors extends ChannelInboundHandlerAdapter {
        /** Yes, as its {@code @Sharable} says (without Netty's reflective look for it): one for every connection. */
        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
                // The codec tells the pipeline of a connection error it is answering itself (GOAWAY with its code)
                log.debug("HTTP/2 connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
                return;
            }
            if (cause instanceof IOException) {
                log.debug("Closing HTTP/2 connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            } else {
                log.warn("Closing HTTP/2 connection from {} after an unexpected error", ctx.channel().remoteAddress(),
                        cause);
            }
            ctx.close();
        }
    }
}
