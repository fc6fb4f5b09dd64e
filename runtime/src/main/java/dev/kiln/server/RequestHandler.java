package dev.kiln.server;

import dev.kiln.RouteInfo;
import dev.kiln.pool.ContextPool;
import dev.kiln.pool.PooledContext;
import dev.kiln.routing.Methods;
import dev.kiln.routing.PathMatch;
import dev.kiln.routing.RawPath;
import dev.kiln.routing.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves each request of one connection (whole, as its {@link RequestReader} base makes it): checks the path, asks
 * the generated router, runs the matched route's chain on a pooled context, and writes the response, in request
 * order.
 *
 * <p>Sits after {@code HttpServerCodec}, the connection's only handler of Kiln's: one object per connection holds all
 * its state, its clocks ({@link ConnectionTimeouts}) and the body being read ({@link RequestReader}) included, because
 * with 10,000 connections every further object a request touches is a cache miss (see BENCHMARKS.md). What the router
 * does not match is answered here: 404, 405 with {@code Allow} (RFC 9110 §15.5.6), {@code OPTIONS} with {@code Allow},
 * and a redirect to the registered form of a path that differs by a trailing slash.
 *
 * <p>Ordering (RFC 9112 §9.3.2: pipelined responses in request order). A route's chain normally runs here, on the
 * event loop, and its response is written before the next request is looked at. A {@code @Blocking} route's chain
 * runs on the blocking executor instead; until it is done the connection is <em>busy</em>: reading pauses (the
 * rest of a body already begun waits in the socket too), requests already decoded wait in a queue, and the
 * {@code 100 Continue} of a request behind it is held back. When the blocking response has been written, the queue
 * is served in order and reading resumes. Nothing of this is touched on the common path but a boolean.
 */
final class RequestHandler extends RequestReader {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    /** Requests that may wait behind a blocking one on one connection; a client pipelining more is cut off. */
    static final int MAX_QUEUED_REQUESTS = 1024;
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final HttpHeadersFactory RESPONSE_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final FastThreadLocal<HttpDate> DATE = new FastThreadLocal<>() {
        @Override
        protected HttpDate initialValue() {
            return new HttpDate();
        }
    };

    private final Routes routes;
    private final FastThreadLocal<ContextPool> pools;
    private final ExceptionMapper exceptions;
    private final Executor blocking;
    private final ServerState server;

    // The connection's state, read and written on its event loop only.
    private ChannelHandlerContext self;
    /** The registry of the event loop's connections this one is in, and its place there (-1: not in it). */
    private Connections connections;
    int slot = -1;
    /** A {@code @Blocking} request of this connection is running off the event loop. */
    private boolean busy;
    /** False once the connection is to close: requests decoded after that point are dropped unanswered. */
    private boolean accepting = true;
    /** The server is shutting down: close as soon as nothing is in flight. */
    private boolean draining;
    /** A {@code 100 Continue} waits for the responses ahead of it. */
    private boolean continueOwed;
    /** Set while the event loop hands this connection the requests of one socket read. */
    private boolean inRead;
    /** Responses written during this read and not yet flushed. */
    private boolean unflushed;

    /**
     * Flushes once per socket read rather than once per response: a client that pipelines 16 requests gets
     * their 16 responses in one write system call, not 16.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ch) {
        readComplete();
        inRead = false;
        if (unflushed) {
            unflushed = false;
            ch.flush();
        }
        // Not passed on: this is the last handler, and the pipeline's tail does nothing with it; with 10,000
        // connections taking turns, the tail's context is one more object cold in the cache on every read.
    }

    /** Requests decoded while busy, retained, in arrival order; made on first use. */
    private ArrayDeque<HttpRequest> queued;

    RequestHandler(Routes routes, FastThreadLocal<ContextPool> pools, ExceptionMapper exceptions, Executor blocking,
                   ServerState server, int maxBodySize, int maxHeaderCount) {
        super(maxBodySize, maxHeaderCount);
        this.routes = routes;
        this.pools = pools;
        this.exceptions = exceptions;
        this.blocking = blocking;
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ch) {
        self = ch;
        connections = server.connectionsOf(ch.channel().eventLoop());
        connections.join(this);
        if (server.isDraining()) {
            // Accepted just as the server began to drain; it has no request yet, so it closes at once.
            draining = true;
            accepting = false;
            ch.close();
        }
    }

    /**
     * Closes the connection if its client has been too slow by {@code now}; {@link Connections}' timer asks. Not
     * while a blocking request or a deferred response of this connection is under way: then the client waits for
     * the server.
     */
    void checkTimeouts(long now, long headerTimeout, long idleTimeout) {
        if (!self.channel().isOpen()) {
            leave(); // closed before it could say so; normally channelInactive has done this
            return;
        }
        if (busy) return;
        String why = expired(now, headerTimeout, idleTimeout);
        if (why != null) {
            log.debug("Closing {}: {}", self.channel().remoteAddress(), why);
            self.close();
        }
    }

    /**
     * The server is shutting down: close once the responses already written have gone out, if nothing else is
     * under way; else after the response in progress.
     */
    void drain() {
        draining = true;
        if (!busy && !midRequest()) {
            accepting = false;
            // Idle, but a large response may still be in the outbound buffer (a client that reads slowly): the
            // close waits behind it, so nothing already answered is cut. The shutdown timeout bounds the wait.
            self.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes the connection at once: the server's shutdown timeout has passed. */
    void closeNow() {
        accepting = false;
        self.close();
    }

    private void leave() {
        if (connections != null) connections.leave(this);
    }

    @Override
    void serveRequest(ChannelHandlerContext ch, HttpRequest request) {
        inRead = true;
        if (!accepting) return;
        if (request.decoderResult().isFailure()) {
            stopAccepting(ch); // it will be answered with an error and the connection closed: read nothing more
        }
        if (busy) {
            enqueue(ch, request);
            return;
        }
        serve(ch, request);
    }

    private void enqueue(ChannelHandlerContext ch, HttpRequest request) {
        // A 100 still owed was for this request, the last whose head arrived: its body is here, so the 100 is
        // dropped (RFC 9110 §10.1.1), rather than sent after this request's own response.
        continueOwed = false;
        if (queued == null) queued = new ArrayDeque<>();
        if (queued.size() >= MAX_QUEUED_REQUESTS) {
            log.debug("Closing {}: more than {} requests pipelined behind a blocking one", ch.channel().remoteAddress(),
                    MAX_QUEUED_REQUESTS);
            stopAccepting(ch);
            ch.close();
            return;
        }
        queued.add(ReferenceCountUtil.retain(request));
    }

    private void stopAccepting(ChannelHandlerContext ch) {
        accepting = false;
        ch.channel().config().setAutoRead(false);
    }

    private void serve(ChannelHandlerContext ch, HttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            rejectMalformed(ch, decoded.cause());
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String uri = request.uri();
        if (uri.equals("*") && request.method() == HttpMethod.OPTIONS) {
            // The server-wide OPTIONS (RFC 9110 §9.3.7): every method some route has.
            int all = 0; // every method some route has; worked out here, for this rare request, not per connection
            for (RouteInfo r : routes.routes()) all |= Methods.bit(r.method());
            respond(ch, request, keepAlive, 204, Methods.allow(all), null);
            return;
        }
        int start = pathStart(uri);
        if (start == -1) {
            respond(ch, request, keepAlive, 400, null, "Bad Request");
            return;
        }
        if (start > 0) {
            uri = uri.substring(start); // absolute-form (RFC 9112 §3.2.2): route on its path alone
        } else if (start == ABSOLUTE_WITHOUT_PATH) {
            int query = uri.indexOf('?', uri.indexOf("://") + 3); // http://host?q → /?q
            uri = query < 0 ? "/" : "/" + uri.substring(query);
        }
        int end = pathEnd(uri);
        if (!RawPath.isAcceptable(uri, 0, end)) {
            respond(ch, request, keepAlive, 400, null, "Bad Request");
            return;
        }
        int bit = Methods.bit(request.method().name());
        ContextPool pool = pools.get();
        PooledContext ctx = pool.acquire();
        boolean handedOff = false;
        try {
            ctx.begin(bit, uri, end, request);
            Throwable failure = runChain(ctx, true);
            RouteInfo matched = ctx.route();
            if (matched == null && failure == null) {
                answerUnmatched(ch, request, keepAlive, bit, uri, end, ctx.allowedMethods());
                return;
            }
            if (failure == null && matched.blocking()) { // entered, not run: its chain runs on a worker
                handedOff = dispatch(ch, request, keepAlive, ctx, pool);
                return;
            }
            if (failure == null && ctx.deferred() != null) {
                hold(ch, request);
                handedOff = true;
                awaitDeferred(ch, request, keepAlive, ctx, pool);
            } else if (failure == null) {
                write(ch, request, keepAlive, ctx);
            } else {
                fail(ch, request, keepAlive, ctx, failure);
            }
        } finally {
            if (!handedOff) pool.release(ctx);
        }
    }

    /**
     * Waits for the stage a handler returned, the connection busy as for a blocking route (responses stay in
     * request order); its result is written back here, on the event loop, always in a later task, so a stage
     * that is already complete does not serve the queue from inside {@link #serve}.
     */
    private void awaitDeferred(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive, PooledContext ctx,
                               ContextPool pool) {
        EventLoop loop = ch.channel().eventLoop();
        ctx.deferred().whenComplete((value, error) ->
                backOnLoop(loop, request, () -> completeDeferred(ch, request, keepAlive, ctx, pool, value, error)));
    }

    /**
     * The connection waits for work off its event loop: busy, reading paused (pipelined requests wait in the
     * socket, not in memory), and the request kept until the work comes back.
     */
    private void hold(ChannelHandlerContext ch, HttpRequest request) {
        busy = true;
        ch.channel().config().setAutoRead(false);
        ReferenceCountUtil.retain(request);
    }

    /** Runs {@code task} on the connection's event loop; when that loop is gone (forced shutdown), frees the request. */
    private static void backOnLoop(EventLoop loop, HttpRequest request, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            ReferenceCountUtil.release(request); // its pool went with the loop
        }
    }

    /** Back on the event loop with a deferred result: writes it (or answers its failure) and frees the connection. */
    private void completeDeferred(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive, PooledContext ctx,
                                  ContextPool pool, Object value, Throwable error) {
        Throwable failure = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (failure == null) {
            try {
                ctx.settle(value);
            } catch (Throwable t) {
                failure = t;
            }
        } else {
            ctx.abandonDeferred();
        }
        if (failure != null) failure = exceptions.handle(failure, ctx);
        completeBlocking(ch, request, keepAlive, ctx, pool, failure);
    }

    /**
     * Runs the chain and, when it throws, the exception handler registered for the failure, on the calling thread:
     * on the event loop it routes the begun request first ({@code route}, see {@link PooledContext#serve}); on a
     * {@code @Blocking} route's worker the route is entered and the chain runs from its first link.
     *
     * @return null when {@code ctx} holds the response (or no route matched); otherwise the failure to log and
     *     answer with a plain 500
     */
    private Throwable runChain(PooledContext ctx, boolean route) {
        try {
            if (route) {
                ctx.serve();
            } else {
                ctx.run();
            }
            return null;
        } catch (Throwable t) {
            if (ExceptionMapper.isFatal(t)) throw (VirtualMachineError) t;
            return exceptions.handle(t, ctx);
        }
    }

    /** A chain failure no exception handler answered: the trace to the log, a generic 500 to the client. */
    private void fail(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive, PooledContext ctx, Throwable failure) {
        RouteInfo route = ctx.route();
        log.error("{} {} failed in {}", request.method(), ctx.path(), route == null ? "the router" : route.handler(), failure);
        respond(ch, request, keepAlive, 500, null, "Internal Server Error");
    }

    /**
     * Runs a {@code @Blocking} route's chain on the blocking executor; the connection is busy until its response is
     * written back here, on the event loop, which then serves the requests that queued meanwhile.
     *
     * @return whether the work was handed off (the context and the request now belong to it)
     */
    private boolean dispatch(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive, PooledContext ctx,
                             ContextPool pool) {
        EventLoop loop = ch.channel().eventLoop();
        Thread loopThread = Thread.currentThread();
        hold(ch, request);
        try {
            blocking.execute(() -> {
                ctx.bindTo(Thread.currentThread());
                Throwable failure;
                try {
                    failure = runChain(ctx, false);
                } catch (VirtualMachineError e) {
                    failure = e;
                } finally {
                    ctx.bindTo(loopThread);
                }
                Throwable outcome = failure;
                backOnLoop(loop, request, () -> completeBlocking(ch, request, keepAlive, ctx, pool, outcome));
            });
            return true;
        } catch (RejectedExecutionException e) {
            busy = false;
            ReferenceCountUtil.release(request);
            if (accepting) ch.channel().config().setAutoRead(true);
            log.warn("{} {}: the blocking executor is full or stopped; answering 503", request.method(), request.uri());
            respond(ch, request, keepAlive, 503, null, "Service Unavailable");
            return false;
        }
    }

    /** Back on the event loop after a blocking chain: writes its response, recycles, and serves what queued. */
    private void completeBlocking(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive, PooledContext ctx,
                                  ContextPool pool, Throwable failure) {
        if (failure == null && ctx.deferred() != null && ch.channel().isActive()) {
            awaitDeferred(ch, request, keepAlive, ctx, pool); // a blocking handler that returned a CompletionStage
            return;
        }
        try {
            if (ExceptionMapper.isFatal(failure)) {
                ch.close();
                throw (VirtualMachineError) failure;
            }
            if (ch.channel().isActive()) {
                if (failure == null) {
                    write(ch, request, keepAlive, ctx);
                } else {
                    fail(ch, request, keepAlive, ctx, failure);
                }
            }
        } finally {
            pool.release(ctx);
            ReferenceCountUtil.release(request);
            busy = false;
            touch();
        }
        resume(ch);
    }

    /** Serves the requests that queued behind a blocking one, until the queue is empty or another one blocks. */
    private void resume(ChannelHandlerContext ch) {
        HttpRequest next;
        while (!busy && queued != null && (next = queued.poll()) != null) {
            try {
                serve(ch, next);
            } finally {
                ReferenceCountUtil.release(next);
            }
        }
        if (busy || !ch.channel().isActive()) return;
        if (!accepting) return;
        if (continueOwed) {
            continueOwed = false;
            writeContinue();
        }
        if (draining && !midRequest()) {
            accepting = false;
            ch.close();
            return;
        }
        ch.channel().config().setAutoRead(true);
    }

    /**
     * Sends {@code 100 Continue} for the request whose head has just arrived, at once or, when a blocking response
     * is still ahead of it, right after that one (RFC 9110 §15.2.1).
     */
    @Override
    void sendContinue() {
        if (!accepting) return; // the connection closes after the responses ahead: no body is wanted
        if (busy) {
            continueOwed = true;
        } else {
            writeContinue();
        }
    }

    private void writeContinue() {
        self.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }

    /**
     * Answers a request no route matched, in Gin's order: first a redirect when the path with its trailing
     * slash toggled has a route for this method, then 405 (or {@code OPTIONS}' 204) with {@code Allow} when
     * the path has routes for other methods, else 404.
     */
    private void answerUnmatched(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive,
                                 int bit, String uri, int end, int allowed) {
        String other = trailingSlashTwin(uri, end, bit);
        if (other != null) {
            boolean safe = bit == Methods.GET || bit == Methods.HEAD;
            FullHttpResponse response = response(safe ? 301 : 308, Unpooled.EMPTY_BUFFER, null);
            response.headers().set(HttpHeaderNames.LOCATION, other + uri.substring(end));
            send(ch, request, keepAlive, response);
            return;
        }
        if (allowed != 0) {
            if (bit == Methods.OPTIONS) {
                respond(ch, request, keepAlive, 204, Methods.allow(allowed), null);
            } else {
                respond(ch, request, keepAlive, 405, Methods.allow(allowed), "Method Not Allowed");
            }
            return;
        }
        respond(ch, request, keepAlive, 404, null, "Not Found");
    }

    /** The path with its trailing slash added or removed, when that form has a route for the method. */
    private String trailingSlashTwin(String uri, int end, int bit) {
        PathMatch scratch = new PathMatch(routes.maxParams()); // only on the 404 path
        if (end > 1 && uri.charAt(end - 1) == '/') {
            return routes.lookup(bit, uri, end - 1, scratch) >= 0 ? uri.substring(0, end - 1) : null;
        }
        String added = uri.substring(0, end) + '/';
        return routes.lookup(bit, added, added.length(), scratch) >= 0 ? added : null;
    }

    private void write(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive, PooledContext ctx) {
        ByteBuf body;
        if (ctx.responseText() != null) {
            body = ByteBufUtil.writeUtf8(ch.alloc(), ctx.responseText());
        } else if (ctx.responseBytes() != null) {
            byte[] bytes = ctx.responseBytes();
            // Small bodies are copied into a pooled direct buffer: cheaper than a heap wrapper that the encoder
            // would copy into a direct buffer anyway. Large ones are wrapped, not copied.
            body = bytes.length <= COPY_LIMIT
                    ? ch.alloc().directBuffer(bytes.length).writeBytes(bytes)
                    : Unpooled.wrappedBuffer(bytes);
        } else {
            body = Unpooled.EMPTY_BUFFER;
        }
        FullHttpResponse response = response(ctx.responseStatus(), body, ctx.responseHeaders());
        if (ctx.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, ctx.contentType());
        }
        send(ch, request, keepAlive, response);
    }

    private void respond(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive,
                         int status, String allow, String text) {
        ByteBuf body = text == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = response(status, body, null);
        if (text != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        if (allow != null) response.headers().set(HttpHeaderNames.ALLOW, allow);
        send(ch, request, keepAlive, response);
    }

    /**
     * A response whose header map skips Netty's validation (names are constants here, and what handlers set was
     * validated by the context's own map) and whose trailers are the shared empty instance: two maps fewer per
     * request.
     */
    private static FullHttpResponse response(int status, ByteBuf body, HttpHeaders headers) {
        HttpHeaders h = RESPONSE_HEADERS.newHeaders();
        if (headers != null && !headers.isEmpty()) {
            h.set(headers);
        }
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body, h,
                EmptyHttpHeaders.INSTANCE);
    }

    /** The largest byte body copied into a pooled buffer rather than wrapped. */
    private static final int COPY_LIMIT = 64 * 1024;

    /** {@code Content-Length} values as ASCII strings, made once each for the small lengths most responses have. */
    private static final AsciiString[] LENGTHS = new AsciiString[8192];

    private static CharSequence contentLength(int n) {
        if (n >= LENGTHS.length) return Integer.toString(n);
        AsciiString s = LENGTHS[n]; // a benign race: every thread makes an equal one
        if (s == null) {
            s = AsciiString.cached(Integer.toString(n));
            LENGTHS[n] = s;
        }
        return s;
    }

    /**
     * Adds the framing headers, drops the body of a HEAD response (keeping its length), and writes; closes after
     * it when the client asked to, or when the server is draining and this was the connection's last request.
     */
    private void send(ChannelHandlerContext ch, HttpRequest request, boolean keepAlive, FullHttpResponse response) {
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_LENGTH, contentLength(response.content().readableBytes()));
        headers.set(HttpHeaderNames.DATE, DATE.get().now());
        if (request.method() == HttpMethod.HEAD) {
            response.content().release();
            response = response.replace(Unpooled.EMPTY_BUFFER);
        }
        if (draining && keepAlive && (queued == null || queued.isEmpty()) && !midRequest()) {
            keepAlive = false; // the last response before shutdown says so (RFC 9112 §9.6)
        }
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            stopAccepting(ch); // nothing after a "close" is served (RFC 9112 §9.6)
            ch.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            // No promise to allocate: a failed write reaches exceptionCaught, which closes the connection.
            if (inRead) {
                ch.write(response, ch.voidPromise());
                unflushed = true;
            } else {
                ch.writeAndFlush(response, ch.voidPromise());
            }
        }
    }

    /**
     * Answers a request that was not parsed or not accepted, with the status its fault calls for, and closes: after a
     * framing error the rest of the stream cannot be trusted to be a request (no request smuggling).
     */
    private void rejectMalformed(ChannelHandlerContext ch, Throwable cause) {
        int status = statusFor(cause);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(HttpResponseStatus.valueOf(status).reasonPhrase() + "\n", StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.DATE, DATE.get().now())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        log.debug("Rejecting a request from {} with {}: {}", ch.channel().remoteAddress(), status, cause.toString());
        stopAccepting(ch);
        ch.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** The status for a request the decoder or the {@link RequestReader} failed. */
    static int statusFor(Throwable cause) {
        if (cause instanceof Rejection) return ((Rejection) cause).status();
        if (cause instanceof TooLongHttpLineException) return 414;   // RFC 9112 §3: request line (URI) too long
        if (cause instanceof TooLongHttpHeaderException) return 431; // RFC 6585 §5
        if (cause instanceof TooLongFrameException) return 413;      // RFC 9110 §15.5.14: body over the limit
        return 400;
    }

    /** {@link #pathStart}'s answer for an absolute-form target with an empty path, such as {@code http://host}. */
    static final int ABSOLUTE_WITHOUT_PATH = -2;

    /**
     * Where the path starts in a request-target: 0 for origin-form, after the authority for absolute-form
     * ({@link #ABSOLUTE_WITHOUT_PATH} when it has no path, which means {@code /}), -1 for anything else.
     */
    static int pathStart(String uri) {
        if (!uri.isEmpty() && uri.charAt(0) == '/') return 0;
        int scheme = uri.indexOf("://");
        if (scheme <= 0) return -1;
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? ABSOLUTE_WITHOUT_PATH : slash;
    }

    /** The end of the path: the query's {@code ?}, or the end of the target. */
    static int pathEnd(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri.length() : q;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ch) throws Exception {
        leave();
        releaseQueued();
        super.channelInactive(ch);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ch) throws Exception {
        leave();
        releaseQueued();
        super.handlerRemoved(ch);
    }

    private void releaseQueued() {
        if (queued == null) return;
        HttpRequest r;
        while ((r = queued.poll()) != null) ReferenceCountUtil.release(r);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ch, Throwable cause) {
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            log.debug("Closing connection from {}: {}", ch.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing connection from {} after an unexpected error", ch.channel().remoteAddress(), cause);
        }
        ch.close();
    }
}
