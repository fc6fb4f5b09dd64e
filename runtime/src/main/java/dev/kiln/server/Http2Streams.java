package dev.kiln.server;

import dev.kiln.RouteInfo;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for each stream of an HTTP/2 connection, where it is served, and serves the common case itself: a
 * request without a body (its HEADERS frame ends the stream) whose chain answers on the event loop with a response
 * in memory is routed and answered here, on the connection, as frames, with no child channel, no pipeline and no
 * conversion to and from HTTP/1.1 objects (its headers are read through {@link Http2RequestHeaders}). Every other
 * stream goes on to Netty's {@code Http2MultiplexHandler}, which makes it a child channel with a
 * {@link RequestHandler} of its own ({@link Http2Pipeline}): one with a body, one a pre-check here would answer
 * differently from that handler (an {@code Expect}, a bad {@code :authority} or target, too many fields, one of the
 * server's endpoints).
 *
 * <p>The server's {@link ServerObserver} sees the connection as one: the observer it gives for the connection
 * ({@link ServerObserver#forConnection}) is told of the streams answered here, and the child channels' handlers are
 * given it too ({@link #observer}), so each request is told to the same one, wherever it was answered. A request's
 * {@link RequestScopes} scope is opened, entered and closed here as a stream's own handler does, and one whose
 * stream is given its child channel takes its scope along.
 *
 * <p>Whether a chain answers in memory is known only once it has run: when it hands off ({@code @Blocking}), streams,
 * defers, sends a file or fails, the stream is given its child channel then, and its handler takes the context as
 * it is ({@link RequestHandler#adopt}), so the chain never runs twice.
 *
 * <p>Sits between the frame codec and the multiplexer and holds back the codec's event that a stream became active
 * until that stream's HEADERS frame, which follows it at once, says where the stream goes: the multiplexer makes a
 * child channel on that event. A stream answered here has no child channel, so its later frames and events (a
 * RST_STREAM, its close) stop here, and so do the events Netty's multiplexer would pass to every active stream's
 * child (the handlers of Kiln's child channels do nothing with them) while such a stream's response is still going
 * out.
 *
 * <p>Its responses are flushed once per read, after the child channels' readComplete, as on HTTP/1.1.
 */
final class Http2Streams extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Http2Streams.class);

    private final ConnectionSettings settings;
    private ChannelHandlerContext self;
    private ContextPool pool;
    /** The codec's event that a stream became active, held back until its HEADERS frame; null when none is held. */
    private Http2FrameStreamEvent held;
    /** The streams answered here whose response has not all gone out, by id: their frames and events end here. */
    private final IntObjectHashMap<Http2FrameStream> answered = new IntObjectHashMap<>(8);
    /** Whether a response was written during the read under way. */
    private boolean wrote;
    /** While a stream is being given its child channel: the handler made for it; null otherwise. */
    private RequestHandler adopter;
    private boolean adopting;
    /** The server's observer as this connection tells it; null: none. */
    private ServerObserver observer;
    /** The requests answered here in the read under way, told to the observer when it ends. */
    private Completions completions;
    /** When the requests of the read under way arrived, once one has asked; 0 before. */
    private long readClock;
    /** For finding a request's route ahead of routing it, for its scope; made on first use. */
    private PathMatch probe;
    /** The last {@code :authority} of this connection found valid; null before the first. */
    private CharSequence validAuthority;

    Http2Streams(ConnectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ch) {
        self = ch;
        pool = settings.pools.get(); // added on the connection's event loop, which serves all of its streams
        if (settings.observer != null) {
            observer = settings.observer.forConnection();
            completions = Completions.ofThisLoop();
        }
    }

    /** The observer of this connection's requests, for its child channels' handlers too; null when none. */
    ServerObserver observer() {
        return observer;
    }

    /** How many streams answered here still have part of their response to send. */
    int pending() {
        return answered.size();
    }

    /**
     * Resets the streams answered here whose responses still wait for the client's window, with RST_STREAM
     * {@code CANCEL}, which frees what flow control holds for them (RFC 9113 §8.7): the connection's idle timeout
     * has passed ({@link Http2Connection}), as a stream's own handler does on its own ({@link Http2Pipeline#cancel}).
     */
    void cancelPending() {
        for (Http2FrameStream stream : answered.values().toArray(new Http2FrameStream[0])) {
            self.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream), self.voidPromise());
        }
        self.flush();
    }

    /** A child channel's {@link RequestHandler} has just been made ({@link Http2Pipeline#streams}). */
    void childMade(RequestHandler handler) {
        if (adopting) adopter = handler;
    }

    // ---- frames and events -----------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ch, Object msg) {
        if (held != null) {
            if (msg instanceof Http2HeadersFrame frame && frame.stream().id() == held.stream().id()) {
                Http2FrameStreamEvent event = held;
                held = null;
                if (!serve(frame, event)) {
                    ch.fireUserEventTriggered(event); // the multiplexer makes the stream's child channel
                    ch.fireChannelRead(msg);
                }
                return;
            }
            releaseHeld(ch);
        }
        if (msg instanceof Http2StreamFrame frame && !answered.isEmpty() && answered.containsKey(frame.stream().id())) {
            ReferenceCountUtil.release(msg); // a RST_STREAM or the like for a stream answered here: it has no child
            return;
        }
        ch.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ch, Object evt) {
        if (evt instanceof Http2FrameStreamEvent event) {
            Http2FrameStream stream = event.stream();
            if (!answered.isEmpty() && answered.containsKey(stream.id())) {
                if (stream.state() == Http2Stream.State.CLOSED) answered.remove(stream.id());
                return;
            }
            if (held == null && event.type() == Http2FrameStreamEvent.Type.State && (stream.id() & 1) == 1
                    && (stream.state() == Http2Stream.State.OPEN
                        || stream.state() == Http2Stream.State.HALF_CLOSED_REMOTE)) {
                held = event; // a client's new stream: its HEADERS frame comes next
                return;
            }
        }
        releaseHeld(ch);
        if (!answered.isEmpty() && (evt == SslCloseCompletionEvent.SUCCESS
                || evt == ChannelInputShutdownReadComplete.INSTANCE || evt == ChannelOutputShutdownEvent.INSTANCE)) {
            // The multiplexer gives these to the child channel of every active stream, and a stream answered here
            // has none. Kiln's stream handlers do nothing with them.
            ReferenceCountUtil.release(evt);
            return;
        }
        ch.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ch, Throwable cause) {
        if (cause instanceof Http2FrameStreamException e && answered.containsKey(e.stream().id())) {
            log.debug("HTTP/2 stream error from {} on a stream answered: {}", ch.channel().remoteAddress(),
                    cause.toString()); // the codec has reset the stream
            return;
        }
        releaseHeld(ch);
        if (!answered.isEmpty() && cause.getCause() instanceof SSLException) {
            // The multiplexer would pass it to each active stream's child channel; streams answered here have none.
            log.debug("Closing HTTP/2 connection from {}: {}", ch.channel().remoteAddress(), cause.toString());
            ch.close();
            return;
        }
        ch.fireExceptionCaught(cause);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ch) {
        releaseHeld(ch);
        readClock = 0;
        if (completions != null) completions.tell(System.nanoTime()); // written, and about to be flushed
        ch.fireChannelReadComplete(); // the child channels write theirs, and the multiplexer flushes them
        if (wrote) {
            wrote = false;
            ch.flush();
        }
    }

    /** A held event whose HEADERS frame did not follow goes on, ahead of whatever came instead. */
    private void releaseHeld(ChannelHandlerContext ch) {
        Http2FrameStreamEvent event = held;
        if (event == null) return;
        held = null;
        ch.fireUserEventTriggered(event);
    }

    // ---- serving a stream here ---------------------------------------------------------------------------

    /**
     * Serves the request of {@code frame}'s stream here when it has no body and passes the checks a stream's own
     * {@link RequestHandler} makes; false when the stream is to have its child channel instead (nothing was done).
     */
    private boolean serve(Http2HeadersFrame frame, Http2FrameStreamEvent event) {
        if (!frame.isEndStream()) return false;
        Http2Headers headers = frame.headers();
        CharSequence method = headers.method();
        CharSequence path = headers.path();
        if (method == null || path == null || headers.size() > settings.maxHeaderCount) return false;
        String target = path.toString();
        if (target.isEmpty() || target.charAt(0) != '/' || !HeadSyntax.hasUriOctetsOnly(target)) return false;
        if (!isValidAuthority(headers.get(HttpHeaderNames.HOST), headers.authority())) return false; // 400 or RST
        if (headers.contains(HttpHeaderNames.EXPECT)) return false; // 417 unless 100-continue: the stream's handler
        String uri = RequestTarget.routableChecked(target);
        if (uri == null) return false;
        int end = RequestTarget.pathEnd(uri);
        if (settings.endpoints != null && settings.endpoints.find(uri, end) != null) return false;
        String name = method.toString();
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(name), target,
                new Http2RequestHeaders(headers));
        int bit = Methods.bit(name);
        long since = 0;
        if (observer != null) {
            since = arrival();
            observer.requestStarted();
        }
        PooledContext ctx = pool.acquire();
        boolean adopted = false;
        Object scope = null;
        Object entered = null;
        try {
            ctx.begin(bit, uri, end, request);
            if (settings.scopes != null) {
                if (probe == null) probe = new PathMatch(settings.routes.maxParams());
                scope = RequestHandler.openScope(settings, ctx, request,
                        RequestReader.routeOf(settings.routes, probe, ctx.methodBit(), ctx.uri(), ctx.pathEnd()));
                if (scope != null) entered = settings.scopes.enter(scope);
            }
            Throwable failure = RequestHandler.chainFailure(ctx, true);
            RouteInfo matched = ctx.route();
            if (failure == null && (matched == null || !matched.blocking()) && ctx.streamed() == null
                    && ctx.deferred() == null && !ctx.hasFile()) {
                int status = respond(frame.stream(), ctx, bit, since);
                if (scope != null) RequestHandler.closeScope(settings, scope, matched, status, null);
            } else {
                adopted = adopt(event, ctx, failure, since, scope);
                if (!adopted && scope != null) {
                    RequestHandler.closeScope(settings, scope, matched, ServerObserver.NO_RESPONSE, null);
                }
            }
        } finally {
            if (entered != null) settings.scopes.exit(entered);
            if (!adopted) pool.release(ctx);
        }
        return true;
    }

    /** When the requests of the read under way arrived: one clock reading for all of them, as on HTTP/1.1. */
    private long arrival() {
        long t = readClock;
        if (t == 0) readClock = t = System.nanoTime();
        return t;
    }

    /**
     * {@code Host} (or, without one, {@code :authority}) is a host and port, as {@link RequestReader} requires, and
     * the two agree when both are sent; the last valid value is remembered, as a client sends the same one on every
     * stream.
     */
    private boolean isValidAuthority(CharSequence host, CharSequence authority) {
        if (host != null && authority != null && !AsciiString.contentEquals(host, authority)) {
            return false; // malformed (RFC 9113 §8.3.1): the stream's handler resets it
        }
        CharSequence value = host != null ? host : authority;
        if (value == null) return true;
        if (value == validAuthority) return true; // HPACK gives a repeated field the same value object
        if (!HeadSyntax.isValidHost(value)) return false;
        validAuthority = value;
        return true;
    }

    /**
     * Writes the response in {@code ctx} as the stream's HEADERS frame and, unless empty, one DATA frame; tells the
     * observer, when the request is observed (it arrived at {@code since}, not 0). Returns the status.
     */
    private int respond(Http2FrameStream stream, PooledContext ctx, int bit, long since) {
        ctx.responding(ctx.responseStatus());
        int status = ctx.responseStatus();
        ByteBuf body = Responses.body(ctx, self.alloc());
        Http2Headers headers;
        if (settings.compression != null && body.readableBytes() >= settings.compression.minSize()) {
            // Perhaps to be compressed: through the HTTP/1.1 response and Netty's conversion, as on a stream's own
            FullHttpResponse response = Responses.compressed(Responses.of(ctx, body), settings.compression,
                    ctx.request().headers().get(HttpHeaderNames.ACCEPT_ENCODING));
            response = Responses.framed(response, bit == Methods.HEAD);
            headers = HttpConversionUtil.toHttp2Headers(response, false);
            body = response.content();
        } else {
            headers = Http2Responses.head(ctx, status, body.readableBytes());
            if (bit == Methods.HEAD || Responses.hasNoContent(status)) {
                body.release(); // the head says the length of what GET would send; 204 and 304 have none
                body = Unpooled.EMPTY_BUFFER;
            }
        }
        boolean empty = !body.isReadable();
        if (since != 0) completions.add(observer, ctx.routeIndex(), bit, status, since, 0, body.readableBytes());
        answered.put(stream.id(), stream);
        self.write(new DefaultHttp2HeadersFrame(headers, empty).stream(stream), self.voidPromise());
        if (empty) {
            body.release();
        } else {
            self.write(new DefaultHttp2DataFrame(body, true).stream(stream), self.voidPromise());
        }
        wrote = true;
        return status;
    }

    /**
     * Gives the stream its child channel now, and its handler the context, whose chain has run: the multiplexer
     * makes the channel on the held event, synchronously, on this event loop.
     *
     * @return whether the handler took the context; if not, the stream was reset and the caller releases it
     */
    private boolean adopt(Http2FrameStreamEvent event, PooledContext ctx, Throwable failure, long since,
                          Object scope) {
        adopting = true;
        RequestHandler handler;
        try {
            self.fireUserEventTriggered(event);
            handler = adopter;
        } finally {
            adopting = false;
            adopter = null;
        }
        wrote = true; // what the handler writes now waits for this read's flush
        if (handler == null) { // no child channel was made: the connection is closing
            log.debug("No child channel for HTTP/2 stream {} from {}; resetting it", event.stream().id(),
                    self.channel().remoteAddress());
            self.write(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR).stream(event.stream()), self.voidPromise());
            if (since != 0) observer.requestCompleted(ctx.routeIndex(), ctx.methodBit(), ServerObserver.NO_RESPONSE,
                    System.nanoTime() - since, 0, 0);
            return false;
        }
        handler.scope = scope; // entered now, on this thread, as the handler's own routing would have it
        handler.adopt(ctx, failure, since);
        return true;
    }

    /** No: one per connection (said without Netty's reflective look for {@code @Sharable}). */
    @Override
    public boolean isSharable() {
        return false;
    }
}
