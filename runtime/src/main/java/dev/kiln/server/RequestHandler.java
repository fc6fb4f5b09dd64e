package dev.kiln.server;

import dev.kiln.Problem;
import dev.kiln.RouteInfo;
import dev.kiln.StreamClosedException;
import dev.kiln.routing.Methods;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one HTTP/1.1 connection: takes each whole request from its {@link RequestReader} base,
 * asks the generated router, runs the matched route's chain on a pooled context, and writes the response.
 *
 * <p>Sits after {@code HttpServerCodec}, the connection's only handler of Kiln's. It is one object per connection,
 * built as a stack of base classes each with one job, because with 10,000 connections every further object a
 * request touches is a cache miss (see BENCHMARKS.md): {@link ConnectionState} (the state and the clocks),
 * {@link RequestReader} (head checks and body gathering), {@link ResponseOrder} (responses in request order while
 * some are made off the event loop), and this class (connection events and dispatch). What they use without a
 * connection lives beside them: {@link RequestTarget} (what is routed), {@link UnmatchedAnswer} (404, 405,
 * {@code OPTIONS}, redirects) and {@link Responses} (building and framing responses).
 */
final class RequestHandler extends ResponseOrder {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    /** The registry of the event loop's connections this one is in. */
    private Connections connections;
    /**
     * The request being answered, for the server's {@link ServerObserver}: when it reached {@link #serve} (0: it is
     * not observed), its route's index and its method bit. One request at a time is answered, so one set of fields
     * serves, across a hand-off too.
     */
    private long observedSince;
    private int observedRoute;
    private int observedMethod;
    /** The server's observer as this connection tells it ({@link ServerObserver#forConnection}); null: none. */
    private ServerObserver observer;
    /** The observer of the HTTP/2 connection this stream is one of; null for an HTTP/1.1 connection. */
    private final ServerObserver connectionObserver;
    /** The requests of the read under way that have been answered, told to the observer when it ends. */
    private Completions completions;
    /** The failure no exception handler answered, for the {@link RequestScopes} scope closed with its 500. */
    private Throwable scopeFailure;

    /** The handler of an HTTP/1.1 connection. */
    RequestHandler(ConnectionSettings settings) {
        this(settings, false, null);
    }

    /** The handler of an HTTP/1.1 connection, or with {@code http2} of one HTTP/2 stream ({@link Http2Pipeline}). */
    RequestHandler(ConnectionSettings settings, boolean http2) {
        this(settings, http2, null);
    }

    /**
     * The handler of one HTTP/2 stream whose requests go to its connection's {@code observer} ({@link Http2Streams});
     * null: the server's own, as for a connection.
     */
    RequestHandler(ConnectionSettings settings, boolean http2, ServerObserver observer) {
        super(settings, http2);
        this.connectionObserver = observer;
    }

    // ---- connection events -------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ch) {
        super.handlerAdded(ch);
        connections = settings.server.connectionsOf(ch.channel().eventLoop());
        connections.join(this);
        if (settings.observer != null) {
            observer = connectionObserver != null ? connectionObserver : settings.observer.forConnection();
            completions = Completions.ofThisLoop();
        }
        if (settings.server.isDraining()) {
            // Accepted just as the server began to drain; it has no request yet, so it closes at once.
            startDraining();
            stopAccepting();
            ch.close();
        }
    }

    /**
     * Flushes once per socket read rather than once per response: a client that pipelines 16 requests gets
     * their 16 responses in one write system call, not 16.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ch) {
        long now = readComplete();
        if (completions != null) completions.tell(now); // the read's responses are written, and about to be flushed
        if (takeUnflushed()) ch.flush();
        // Not passed on: this is the last handler, and the pipeline's tail does nothing with it; with 10,000
        // connections taking turns, the tail's context is one more object cold in the cache on every read.
    }

    /**
     * Closes the connection if its client has been too slow by {@code now}; {@link Connections}' timer asks. Not
     * while it is held by work off the event loop: then the client waits for the server.
     */
    @Override
    void checkTimeouts(long now, long headerTimeout, long idleTimeout) {
        if (!self.channel().isOpen()) {
            leave(); // closed before it could say so; normally channelInactive has done this
            return;
        }
        if (is(BUSY)) { // the client waits for the server, and a stream may owe a heartbeat
            if (streaming() != null) streaming().tick(now);
            return;
        }
        String why = expired(now, headerTimeout, idleTimeout);
        if (why != null) {
            log.debug("Closing {}: {}", self.channel().remoteAddress(), why);
            if (http2) {
                Http2Pipeline.cancel(self); // an HTTP/2 stream: reset, which frees what its flow control holds
            } else {
                self.close();
            }
        }
    }

    /**
     * The server is shutting down: close once the responses already written have gone out, if nothing else is
     * under way; else after the response in progress.
     */
    @Override
    void drain() {
        startDraining();
        StreamedResponse s = streaming();
        if (s != null && s.beats()) s.close(); // a stream that could run forever ends now; its connection then closes
        if (!is(BUSY) && !midRequest()) {
            stopAccepting();
            // Idle, but a large response may still be in the outbound buffer (a client that reads slowly): the
            // close waits behind it, so nothing already answered is cut. The shutdown timeout bounds the wait.
            self.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes the connection at once: the server's shutdown timeout has passed. */
    @Override
    void closeNow() {
        stopAccepting();
        self.close();
    }

    private void leave() {
        if (connections != null) connections.leave(this);
        if (completions != null) completions.tell(System.nanoTime()); // closed in a read, before it could end
    }

    @Override
    public void channelInactive(ChannelHandlerContext ch) throws Exception {
        leave();
        super.channelInactive(ch);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ch) throws Exception {
        leave();
        super.handlerRemoved(ch);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ch, Throwable cause) {
        if (http2 && Http2Pipeline.resetStream(ch, cause)) return; // a stream error: RST_STREAM with its code
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            log.debug("Closing connection from {}: {}", ch.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing connection from {} after an unexpected error", ch.channel().remoteAddress(), cause);
        }
        ch.close();
    }

    // ---- dispatch ----------------------------------------------------------------------------------------

    @Override
    void serve(HttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        int bit = Methods.bit(request.method().name());
        String target = request.uri();
        String uri = decoded.isSuccess() ? RequestTarget.routableChecked(target) : null; // checked: RequestReader
        int end = uri == null ? 0 : RequestTarget.pathEnd(uri);
        if (settings.endpoints != null && uri != null) {
            Endpoint endpoint = settings.endpoints.find(uri, end);
            if (endpoint != null) {
                serveEndpoint(endpoint, bit, uri, end, request);
                return;
            }
        }
        if (observer != null) observe(bit);
        if (decoded.isFailure()) {
            rejectMalformed(decoded.cause());
            return;
        }
        if (RequestTarget.isAsterisk(target) && request.method() == HttpMethod.OPTIONS) {
            respond(request, UnmatchedAnswer.serverWideOptions(settings.routes));
            return;
        }
        if (uri == null) {
            respond(request, Responses.problem(settings.problems, Problem.of(400,
                    "request target " + (target.length() > 200 ? target.substring(0, 200) + "..." : target)
                    + " is not a path, or has a bad escape or a dot segment")));
            return;
        }
        PooledContext ctx = pool.acquire();
        boolean handedOff = false;
        try {
            ctx.begin(bit, uri, end, request);
            handedOff = settings.scopes == null ? route(ctx) : routeInScope(ctx, request);
        } finally {
            if (!handedOff) pool.release(ctx);
        }
    }

    /**
     * Routes the begun request and runs its chain, then answers it or hands it off.
     *
     * @return whether the context now belongs to work off the event loop
     */
    private boolean route(PooledContext ctx) {
        return answer(ctx, runChain(ctx, true));
    }

    /**
     * Takes over the request of this HTTP/2 stream that {@link Http2Streams} began on the connection and whose chain
     * it ran there, when that chain handed off, streamed, deferred, sent a file or failed: what only a stream's own
     * handler can finish. The context is this handler's now; the request is whole (its HEADERS frame ended the
     * stream), and what is written is flushed with the connection's read. {@code since}: when the request arrived,
     * if the observer was told it started (this handler's observer is the connection's); 0 otherwise.
     */
    void adopt(PooledContext ctx, Throwable failure, long since) {
        headReceived();
        requestReceived();
        if (since != 0 && observer != null) {
            observedSince = since;
            observedMethod = ctx.methodBit();
        }
        boolean handedOff = false;
        try {
            handedOff = answer(ctx, failure);
        } finally {
            if (!handedOff) pool.release(ctx);
        }
    }

    /**
     * Answers the request whose chain has run ({@code failure}: what no exception handler answered, or null), or
     * hands it off.
     *
     * @return whether the context now belongs to work off the event loop
     */
    private boolean answer(PooledContext ctx, Throwable failure) {
        observedRoute = ctx.routeIndex();
        RouteInfo matched = ctx.route();
        if (failure != null) {
            StreamedResponse streamed = ctx.streamed();
            if (streamed != null) streamed.discard(); // nothing of it was sent: the 500 is
            fail(ctx, failure);
        } else if (matched == null) {
            write(ctx); // the global middleware ran, and the server's answer (404, 405, ...) is in the context
        } else if (matched.blocking()) { // entered, not run: its chain runs on a worker
            return handOff(ctx);
        } else if (ctx.streamed() != null) {
            streamChainReturned(ctx.streamed());
        } else if (ctx.deferred() != null) {
            awaitDeferred(ctx);
            return true;
        } else {
            write(ctx);
        }
        return false;
    }

    /**
     * {@link #route} in the request's own {@link RequestScopes} scope, current on the event loop from routing to
     * the response (or the hand-off); the scope closes when the response is written ({@link #closeScope}). The
     * route is looked up ahead for the scope to open with (a sampler deciding on {@code http.route}).
     */
    private boolean routeInScope(PooledContext ctx, HttpRequest request) {
        scope = openScope(settings, ctx, request, routeOf(ctx.methodBit(), ctx.uri(), ctx.pathEnd()));
        Object entered = enterScope();
        try {
            return route(ctx);
        } finally {
            exitScope(entered);
        }
    }

    /**
     * Answers a request for one of the server's endpoints: GET or HEAD, on the event loop or deferred, not observed.
     */
    private void serveEndpoint(Endpoint endpoint, int bit, String uri, int end, HttpRequest request) {
        if (bit != Methods.GET && bit != Methods.HEAD) {
            FullHttpResponse refused = Responses.problem(settings.problems, Problem.of(405, null));
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            respond(request, refused);
            return;
        }
        PooledContext ctx = pool.acquire();
        boolean handedOff = false;
        try {
            ctx.begin(bit, uri, end, request);
            Throwable failure = null;
            try {
                ctx.serveEndpoint(endpoint);
            } catch (Throwable t) {
                if (ExceptionMapper.isFatal(t)) throw (VirtualMachineError) t;
                failure = t;
            }
            if (failure != null) {
                fail(ctx, failure);
            } else if (ctx.deferred() != null) {
                awaitDeferred(ctx);
                handedOff = true;
            } else {
                write(ctx);
            }
        } finally {
            if (!handedOff) pool.release(ctx);
        }
    }

    /** Starts observing the request about to be served: its clock, and the observer's in-flight count. */
    private void observe(int methodBit) {
        observedSince = arrival();
        observedRoute = ServerObserver.NO_ROUTE;
        observedMethod = methodBit;
        observer.requestStarted();
    }

    /** Tells the observer, if the request being answered is observed, that {@code response} answers it. */
    private void observed(HttpRequest request, FullHttpResponse response) {
        if (scope == null && observedSince == 0) return; // neither a scope nor an observer: nothing to count
        long in = request instanceof FullHttpRequest full ? full.content().readableBytes() : 0;
        observed(response.status().code(), in, response.content().readableBytes());
    }

    /** Tells the request's scope and observer, if any, that it was answered with {@code status}. */
    private void observed(int status, long in, long out) {
        if (scope != null) closeScope(status);
        if (observedSince == 0) return;
        completions.add(observer, observedRoute, observedMethod, status, observedSince, in, out);
        observedSince = 0;
        if (!is(IN_READ)) completions.tell(System.nanoTime()); // answered off the loop: no read ends to tell it
    }

    /**
     * A streamed response has ended: observed with the bytes it sent, and the connection closed after it when it
     * was not to be kept alive, its client has gone, or the server is draining and nothing else is under way.
     */
    @Override
    void streamAnswered(StreamedResponse stream) {
        observed(stream.status(), stream.bytesIn(), stream.bytesWritten());
        if (!stream.keepAlive || !self.channel().isActive() || is(DRAINING) && !hasQueued() && !midRequest()) {
            closeAfterResponses();
            self.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes the scope of the request just answered with {@code status}; with the failure no handler answered. */
    private void closeScope(int status) {
        Object s = scope;
        Throwable failure = scopeFailure;
        scope = null;
        scopeFailure = null;
        closeScope(settings, s, observedRoute < 0 ? null : settings.routes.route(observedRoute), status, failure);
    }

    /**
     * Opens the scope of the begun request in {@code ctx}, which {@code route} will answer; null when the server's
     * scopes gave none or failed (logged: the request goes on without one). For {@link Http2Streams} too.
     */
    static Object openScope(ConnectionSettings settings, PooledContext ctx, HttpRequest request, RouteInfo route) {
        try {
            return settings.scopes.open(ctx, request, route);
        } catch (RuntimeException e) {
            log.warn("Request scopes {} failed to open a scope for {} {}; the request goes on without one",
                    settings.scopes, request.method(), ctx.uri(), e);
            return null;
        }
    }

    /** Closes a request's scope from inside it; a failure to is logged, and the response is still written. */
    static void closeScope(ConnectionSettings settings, Object scope, RouteInfo route, int status, Throwable failure) {
        try {
            settings.scopes.close(scope, route, status, failure);
        } catch (RuntimeException e) {
            log.warn("Request scopes {} failed to close the scope of a request to {}", settings.scopes,
                    route == null ? "no route" : route, e);
        }
    }

    @Override
    void abandoned() {
        if (scope != null) closeScope(ServerObserver.NO_RESPONSE);
        if (observedSince == 0) return;
        long nanos = System.nanoTime() - observedSince;
        observedSince = 0;
        observer.requestCompleted(observedRoute, observedMethod, ServerObserver.NO_RESPONSE, nanos, 0, 0);
    }

    /**
     * Runs the chain on the calling thread: on the event loop it routes the begun request first ({@code route}, see
     * {@link PooledContext#serve}); on a {@code @Blocking} route's worker the route is entered and the chain runs
     * from its first link. A failure has been offered to the exception handlers where it was raised.
     *
     * @return null when {@code ctx} holds the response (or no route matched); otherwise the failure no handler
     *     answered, to log and answer with a plain 500
     */
    @Override
    Throwable runChain(PooledContext ctx, boolean route) {
        return chainFailure(ctx, route);
    }

    /** {@link #runChain}, for {@link Http2Streams} too: what the chain threw that no handler answered, or null. */
    static Throwable chainFailure(PooledContext ctx, boolean route) {
        try {
            if (route) {
                ctx.serve();
            } else {
                ctx.run();
            }
            return null;
        } catch (Throwable t) {
            if (ExceptionMapper.isFatal(t)) throw (VirtualMachineError) t;
            return t;
        }
    }

    @Override
    void finish(PooledContext ctx, Throwable failure) {
        if (failure == null) {
            write(ctx);
        } else {
            fail(ctx, failure);
        }
    }

    private void write(PooledContext ctx) {
        ctx.responding(ctx.responseStatus());
        if (ctx.hasFile()) {
            respondFile(ctx);
            return;
        }
        respond(ctx.request(), Responses.of(ctx, self.alloc()));
    }

    /**
     * Writes a response whose body is a file ({@link PooledContext#file}): the head with its {@code Content-Length},
     * then the file as a {@link DefaultFileRegion}, which epoll and NIO send with {@code sendfile} (no copy through
     * the heap), then the empty last content. A large file goes out with {@code TCP_CORK} on epoll, as nginx's
     * {@code tcp_nopush}: without it, on a connection with {@code TCP_NODELAY}, sendfile's pages leave as small
     * segments, and a 100 MB download ran at 0.7 of nginx's speed (BENCHMARKS.md). Netty releases the region, and
     * so closes the file, when the write completes or fails. A channel that cannot take a region (an in-memory one
     * in tests) gets the bytes read into buffers instead. Framing, keep-alive and the observer's bookkeeping are those
     * of {@link #respond}.
     */
    private void respondFile(PooledContext ctx) {
        HttpRequest request = ctx.request();
        long position = ctx.filePosition();
        long length = ctx.fileLength();
        FileChannel file = ctx.takeFile();
        HttpResponse head = Responses.fileHead(ctx, length);
        boolean isHead = request.method() == HttpMethod.HEAD;
        long in = request instanceof FullHttpRequest full ? full.content().readableBytes() : 0;
        observed(head.status().code(), in, isHead ? 0 : length);
        boolean keepAlive = keepsAlive(request, head.headers());
        self.write(head, self.voidPromise());
        if (isHead || length == 0) {
            closeQuietly(file);
        } else if (settings.encrypted || http2) {
            // sendfile would go around the TLS handler, and an HTTP/2 stream has its own flow control: the file goes
            // in chunks, read as the socket (or the stream's window) takes them, by a ChunkedWriteHandler added
            // between the codec and this handler on first use.
            if (self.pipeline().get(TlsPipeline.FILES) == null) {
                self.pipeline().addBefore(self.name(), TlsPipeline.FILES, new ChunkedWriteHandler());
            }
            try {
                ChunkedNioFile chunks = new ChunkedNioFile(file, position, length, CHUNK);
                self.write(http2 ? new FileChunks(chunks) : chunks, self.voidPromise());
            } catch (IOException e) {
                closeQuietly(file);
                log.warn("Reading a file body failed; closing the connection", e);
                self.close();
            }
        } else if (self.channel() instanceof SocketChannel) {
            DefaultFileRegion region = new DefaultFileRegion(file, position, length);
            if (length >= CORK_MIN && self.channel().config().setOption(EpollChannelOption.TCP_CORK, true)) {
                // Full segments, not one per page sendfile pushes (nginx's tcp_nopush); uncorked once it is all sent.
                self.write(region).addListener(UNCORK);
            } else {
                self.write(region, self.voidPromise());
            }
        } else {
            writeCopied(file, position, length);
        }
        writeLast(LastHttpContent.EMPTY_LAST_CONTENT, keepAlive);
    }

    /** The bytes of a file body read at a time when it goes through TLS: a TLS record's most plaintext. */
    private static final int CHUNK = 16 * 1024;
    /** The smallest file body sent corked: below it, the head and the body are a few segments anyway. */
    private static final long CORK_MIN = 256 * 1024;
    private static final ChannelFutureListener UNCORK = f -> {
        if (!f.isSuccess()) {
            f.channel().close(); // as a failed write with the void promise would, through exceptionCaught
        } else if (f.channel().isOpen()) {
            f.channel().config().setOption(EpollChannelOption.TCP_CORK, false);
        }
    };

    /** The file's bytes in 64 KiB buffers, for a channel without {@code FileRegion}s; closes the file. */
    private void writeCopied(FileChannel file, long position, long length) {
        try (file) {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(64 * 1024, length - done);
                ByteBuf chunk = self.alloc().buffer(n);
                try {
                    while (chunk.isWritable()) {
                        if (chunk.writeBytes(file, position + done + chunk.readableBytes(), chunk.writableBytes()) < 0) {
                            throw new IOException("file ended before its length");
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    chunk.release();
                    throw e;
                }
                done += n;
                self.write(new DefaultHttpContent(chunk), self.voidPromise());
            }
        } catch (IOException e) {
            log.warn("Reading a file body failed; closing the connection", e);
            self.close();
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            // read only: nothing to lose
        }
    }

    /** A chain failure no exception handler answered: the trace to the log, a generic 500 to the client. */
    private void fail(PooledContext ctx, Throwable failure) {
        RouteInfo route = ctx.route();
        HttpRequest request = ctx.request();
        if (StreamClosedException.isCauseOf(failure)) { // the client went away mid-stream: nothing the server did
            log.debug("{} {}: the client went away ({})", request.method(), ctx.path(), failure.toString());
        } else {
            log.error("{} {} failed in {}", request.method(), ctx.path(), route == null ? "the router" : route.handler(),
                    failure);
        }
        ctx.responding(500);
        if (scope != null) scopeFailure = failure;
        respond(request, Responses.problem(settings.problems, Problem.of(500, null)));
    }

    /**
     * Frames and writes a response; closes after it when the client asked to, or when the server is draining and
     * this was the connection's last request. Responses written while a socket read is handed over wait for its
     * flush.
     */
    @Override
    void respond(HttpRequest request, FullHttpResponse response) {
        if (settings.compression != null) {
            response = Responses.compressed(response, settings.compression,
                    request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        }
        response = Responses.framed(response, request.method() == HttpMethod.HEAD);
        observed(request, response);
        writeLast(response, keepsAlive(request, response.headers()));
    }

    /**
     * Whether the connection stays open after the response to {@code request}, said in its {@code headers}: not when
     * the client asked to close, an HTTP/1.0 client did not ask to keep it, the rest of a streamed body is unread
     * (the connection cannot go on to a next request), or this is the last response before shutdown (RFC 9112
     * §9.6); then nothing after it is served. An HTTP/1.0 client that asked to keep it is told it is kept.
     */
    private boolean keepsAlive(HttpRequest request, HttpHeaders headers) {
        boolean keepAlive = HttpUtil.isKeepAlive(request)
                && !(request instanceof StreamedRequest streamedBody && !streamedBody.body().isComplete())
                && !(is(DRAINING) && !hasQueued() && !midRequest());
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            closeAfterResponses();
        } else if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return keepAlive;
    }

    /**
     * Writes the last message of a response: flushed and then the connection closed when it is not kept alive; else
     * during a socket read only written, for the flush at the read's end, and outside a read flushed now. No promise
     * to allocate: a failed write reaches exceptionCaught, which closes the connection.
     */
    private void writeLast(Object last, boolean keepAlive) {
        if (!keepAlive) {
            self.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        } else if (is(IN_READ)) {
            self.write(last, self.voidPromise());
            wroteInRead();
        } else {
            self.writeAndFlush(last, self.voidPromise());
        }
    }

    /**
     * Answers a request that was not parsed or not accepted, with the status its fault calls for, and closes: after a
     * framing error the rest of the stream cannot be trusted to be a request (no request smuggling).
     */
    private void rejectMalformed(Throwable cause) {
        FullHttpResponse response = Responses.framed(Responses.rejection(settings.problems, cause), false);
        observed(null, response);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        log.debug("Rejecting a request from {} with {}: {}", self.channel().remoteAddress(),
                response.status().code(), cause.toString());
        closeAfterResponses();
        self.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
