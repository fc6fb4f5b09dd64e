package dev.kiln.server;

import dev.kiln.Problem;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a connection's responses in request order (RFC 9112 §9.3.2) while some of them are made off the event
 * loop: the pipelining queue, {@code 100 Continue}, and the hand-off of a {@code @Blocking} route to a worker or of
 * a handler's {@code CompletionStage} to its completion.
 *
 * <p>A route's chain normally runs on the event loop, and its response is written before the next request is
 * looked at; then nothing here is touched but one flag. A response made off the loop <em>holds</em> the connection
 * ({@link ConnectionState#BUSY}): reading pauses (the rest of a body already begun waits in the socket too), requests
 * already decoded wait in a queue, and the {@code 100 Continue} of a request behind it is held back. When that
 * response has been written, the queue is served in order and reading resumes.
 *
 * <p>A base class of the connection's handler, like the others: the queue is made only when a request first has
 * to wait, so a connection that never holds adds no object.
 */
abstract class ResponseOrder extends RequestReader {
    private static final Logger log = LoggerFactory.getLogger(ResponseOrder.class);

    /** This handler's place in its channel's pipeline, set when it is added. */
    ChannelHandlerContext self;
    /** The event loop's context pool: every context of this connection comes from it and goes back to it. */
    ContextPool pool;
    /** Requests decoded while the connection was held, retained, in arrival order; made on first use. */
    private ArrayDeque<HttpRequest> queued;
    /**
     * The {@link RequestScopes} scope of the request being answered, from its routing to its response; null when
     * the server has none or the request was not given one. One request at a time is answered, so one field
     * serves, across a hand-off too: the worker reads it while the event loop leaves it alone.
     */
    Object scope;
    /** The streamed response being written, from when the connection learns of it to its end; null when none. */
    private StreamedResponse stream;
    /** The {@code @Blocking} chain under way passed its deadline and its request was answered 503. */
    private boolean timedOut;

    ResponseOrder(ConnectionSettings settings, boolean http2) {
        super(settings, http2);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ch) {
        self = ch;
        pool = settings.pools.get(); // added on the channel's event loop, which serves all of its requests
    }

    /** Routes one request, runs its chain and answers it, or starts the work that will. */
    abstract void serve(HttpRequest request);

    /**
     * Runs {@code ctx}'s chain on the calling thread and maps what it throws: from its router on the event loop
     * ({@code route}), or from its first link on a worker. Returns null when {@code ctx} holds the response.
     */
    abstract Throwable runChain(PooledContext ctx, boolean route);

    /** Writes the response of {@code ctx}, or a 500 for {@code failure}; the connection is still open. */
    abstract void finish(PooledContext ctx, Throwable failure);

    /** Frames and writes one of the server's own answers to {@code request}. */
    abstract void respond(HttpRequest request, FullHttpResponse response);

    /** The connection closed while its request was answered off the event loop: no response will be written. */
    abstract void abandoned();

    /** A streamed response has ended (or its client has gone): the request is answered. */
    abstract void streamAnswered(StreamedResponse stream);

    @Override
    final void serveRequest(HttpRequest request) {
        readStarted();
        if (is(CLOSING)) return;
        if (request.decoderResult().isFailure()) {
            closeAfterResponses(); // it will be answered with an error and the connection closed: read nothing more
        }
        if (is(BUSY)) {
            enqueue(request);
            return;
        }
        serve(request);
    }

    private void enqueue(HttpRequest request) {
        // A 100 still owed was for this request, the last whose head arrived: its body is here, so the 100 is
        // dropped (RFC 9110 §10.1.1), rather than sent after this request's own response.
        takeContinueOwed();
        if (queued == null) queued = new ArrayDeque<>();
        if (queued.size() >= settings.maxQueuedRequests) {
            log.debug("Closing {}: more than {} requests pipelined behind one answered off the event loop",
                    self.channel().remoteAddress(), settings.maxQueuedRequests);
            closeAfterResponses();
            self.close();
            return;
        }
        queued.add(ReferenceCountUtil.retain(request));
    }

    /** Serves nothing decoded from now on, and reads nothing more: the connection closes after what is ahead. */
    final void closeAfterResponses() {
        stopAccepting();
        self.channel().config().setAutoRead(false);
    }

    /** Whether requests wait in the queue. */
    final boolean hasQueued() {
        return queued != null && !queued.isEmpty();
    }

    // ---- hand-off ----------------------------------------------------------------------------------------

    /**
     * Runs a {@code @Blocking} route's chain on the blocking executor; the connection is held until its response is
     * written back here, on the event loop, which then serves the requests that queued meanwhile.
     *
     * @return whether the work was handed off (the context and the request now belong to it); when the executor
     *     refuses it, the request has been answered 503 and the caller keeps the context
     */
    final boolean handOff(PooledContext ctx) {
        Executor loop = loop();
        Thread loopThread = Thread.currentThread();
        HttpRequest request = ctx.request();
        hold(request);
        BlockingDeadline deadline = settings.blockingTimeoutMillis > 0 ? new BlockingDeadline() : null;
        try {
            ctx.connectTo(this); // a stream started on the worker writes to the connection at once
            settings.blocking.execute(() -> {
                ctx.bindTo(Thread.currentThread());
                settings.server.blockingRunning(1);
                Object entered = enterScope();
                Throwable failure = null;
                try {
                    if (deadline == null || deadline.start(Thread.currentThread())) failure = runChain(ctx, false);
                } catch (VirtualMachineError e) {
                    failure = e;
                } finally {
                    if (deadline != null) deadline.finish();
                    exitScope(entered);
                    settings.server.blockingRunning(-1);
                    ctx.bindTo(loopThread);
                }
                Throwable outcome = failure;
                backOnLoop(loop, request, () -> completeOffLoop(ctx, request, outcome));
            });
            if (deadline != null) {
                self.executor().schedule(() -> deadlinePassed(deadline, request), settings.blockingTimeoutMillis,
                        TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (RejectedExecutionException e) {
            unhold();
            ReferenceCountUtil.release(request);
            if (!is(CLOSING)) self.channel().config().setAutoRead(true);
            log.warn("{} {}: the blocking executor is full or stopped; answering 503", request.method(), request.uri());
            respond(request, Responses.problem(settings.problems, Problem.of(503, "the server is too busy: try again")));
            return false;
        }
    }

    /**
     * On the event loop, when a {@code @Blocking} chain has run for {@link KilnServer#blockingTimeout}: if it has not
     * returned, its worker is interrupted and the client answered 503 on a connection that then closes; what the
     * chain answers later is dropped ({@link #answerOffLoop}). A response it has begun to stream is left alone.
     */
    private void deadlinePassed(BlockingDeadline deadline, HttpRequest request) {
        if (stream != null || !self.channel().isActive() || !deadline.expire()) return;
        timedOut = true;
        log.warn("{} {}: the @Blocking chain did not answer within {} ms; answering 503 and closing the connection",
                request.method(), request.uri(), settings.blockingTimeoutMillis);
        closeAfterResponses();
        FullHttpResponse late = Responses.problem(settings.problems, Problem.of(503,
                "the handler did not answer within " + settings.blockingTimeoutMillis + " ms"));
        late.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        respond(request, late);
        self.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Waits for the stage a handler returned, the connection held as for a blocking route; its result is written
     * back here, on the event loop, always in a later task, so a stage that is already complete does not serve the
     * queue from inside {@link #serve}. The context and the request now belong to the wait.
     */
    final void awaitDeferred(PooledContext ctx) {
        HttpRequest request = ctx.request();
        if (!is(BUSY)) hold(request); // a blocking handler that returned a stage is held already
        Executor loop = loop();
        ctx.deferred().whenComplete((value, error) ->
                backOnLoop(loop, request, () -> completeDeferred(ctx, request, value, error)));
    }

    /** The connection waits for work off its event loop: reading paused, and the request kept until it is done. */
    private void hold(HttpRequest request) {
        holdReading();
        ReferenceCountUtil.retain(request);
    }

    /**
     * Holds the connection for a response still in the making: pipelined requests wait in the socket, not in memory;
     * but a body streaming to this request's handler is read on (the reader pauses at its end).
     */
    private void holdReading() {
        hold();
        if (!readingStreamedBody()) self.channel().config().setAutoRead(false);
    }

    /**
     * Where work done off the event loop comes back to: the connection's event loop, or for an in-memory connection
     * the queue its test client drains on its own thread (an embedded channel's loop is not thread-safe).
     */
    private Executor loop() {
        return settings.returns != null ? settings.returns : self.channel().eventLoop();
    }

    /** Runs {@code task} on the connection's event loop; when that loop is gone (forced shutdown), frees the request. */
    private static void backOnLoop(Executor loop, HttpRequest request, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            ReferenceCountUtil.release(request); // its pool went with the loop
        }
    }

    /**
     * Back on the event loop with a deferred result: writes it (or answers its failure) and frees the connection.
     * The result writer, the exception handlers and the response listeners run in the request's scope.
     */
    private void completeDeferred(PooledContext ctx, HttpRequest request, Object value, Throwable error) {
        Object entered = enterScope();
        boolean answered;
        try {
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
            if (failure != null) failure = settings.exceptions.handle(failure, ctx);
            answered = answerOffLoop(ctx, request, failure);
        } finally {
            exitScope(entered);
        }
        if (answered) resume();
    }

    /** Back on the event loop after a {@code @Blocking} chain: writes its response, recycles, and serves what queued. */
    private void completeOffLoop(PooledContext ctx, HttpRequest request, Throwable failure) {
        Object entered = enterScope();
        boolean answered;
        try {
            answered = answerOffLoop(ctx, request, failure);
        } finally {
            exitScope(entered);
        }
        if (answered) resume();
    }

    /**
     * Writes the response of work done off the loop and recycles its context and request, unless a blocking handler
     * returned a stage still to wait for.
     *
     * @return whether the request is answered and the connection free for the requests that queued
     */
    private boolean answerOffLoop(PooledContext ctx, HttpRequest request, Throwable failure) {
        boolean open = !timedOut && self.channel().isActive(); // past its deadline, the request has been answered
        StreamedResponse streamed = ctx.streamed();
        if (failure == null && streamed == null && ctx.deferred() != null && open) {
            awaitDeferred(ctx); // a blocking handler that returned a CompletionStage
            return false;
        }
        boolean waits = false;
        try {
            if (ExceptionMapper.isFatal(failure)) {
                self.close();
                throw (VirtualMachineError) failure;
            }
            if (streamed != null && open) {
                if (failure == null) {
                    waits = streamChainReturned(streamed);
                } else { // its head is out: the client can only be told by the connection closing
                    log.error("{} {} failed while streaming its response; closing the connection", request.method(),
                            ctx.path(), failure);
                    streamed.gone();
                    self.close();
                }
            } else if (open) {
                finish(ctx, failure);
            } else {
                abandoned();
            }
        } finally {
            pool.release(ctx);
            ReferenceCountUtil.release(request);
            if (!waits) unhold();
        }
        return !waits;
    }

    // ---- streamed responses ------------------------------------------------------------------------------

    /**
     * On the event loop: the chain that started {@code s} has returned. Attaches it (a stream started on the loop
     * sends its head now), and answers the request if it has ended already; else the connection waits for it, held
     * like a response made off the loop.
     *
     * @return whether the connection now waits for the stream
     */
    final boolean streamChainReturned(StreamedResponse s) {
        s.attach(this);
        s.chainReturned = true;
        if (s.ended) {
            stream = null;
            streamAnswered(s);
            return false;
        }
        stream = s;
        if (!is(BUSY)) holdReading();
        self.flush(); // the head, so that the client knows the response has begun
        return true;
    }

    /** The streamed response under way, or null. */
    final StreamedResponse streaming() {
        return stream;
    }

    /** On the event loop: a stream started on a worker has been attached to this connection. */
    final void adopt(StreamedResponse s) {
        stream = s;
        if (!self.channel().isActive()) s.gone();
    }

    /**
     * On the event loop: {@code s} has ended, by its close or its client's leaving. Once its chain has returned too,
     * the request is answered and the connection goes on to the requests that queued.
     */
    final void streamEnded(StreamedResponse s) {
        if (s.ended) return;
        s.ended = true;
        if (!s.chainReturned) return; // streamChainReturned answers it
        stream = null;
        streamAnswered(s);
        unhold();
        resume();
    }

    /** Tells the stream under way, if any, that the channel's writability changed. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ch) throws Exception {
        if (stream != null) stream.writabilityChanged();
        super.channelWritabilityChanged(ch);
    }

    /** Makes the request's scope current on the calling thread; returns what {@link #exitScope} takes, or null. */
    final Object enterScope() {
        Object s = scope;
        return s == null ? null : settings.scopes.enter(s);
    }

    /** Ends what {@link #enterScope} began. */
    final void exitScope(Object entered) {
        if (entered != null) settings.scopes.exit(entered);
    }

    /** Serves the requests that queued while the connection was held, until the queue is empty or one holds it. */
    private void resume() {
        HttpRequest next;
        while (!is(BUSY) && queued != null && (next = queued.poll()) != null) {
            try {
                serve(next);
            } finally {
                ReferenceCountUtil.release(next);
            }
        }
        if (is(BUSY) || is(CLOSING) || !self.channel().isActive()) return;
        if (takeContinueOwed()) writeContinue();
        if (is(DRAINING) && !midRequest()) {
            stopAccepting();
            self.close();
            return;
        }
        self.channel().config().setAutoRead(true);
    }

    // ---- 100 Continue ------------------------------------------------------------------------------------

    /**
     * Sends {@code 100 Continue} for the request whose head has just arrived, at once or, when a response made
     * off the loop is still ahead of it, right after that one (RFC 9110 §15.2.1).
     */
    @Override
    final void sendContinue() {
        if (is(CLOSING)) return; // the connection closes after the responses ahead: no body is wanted
        if (is(BUSY)) {
            oweContinue();
        } else {
            writeContinue();
        }
    }

    private void writeContinue() {
        self.writeAndFlush(Responses.continueResponse());
    }

    // ---- closing -----------------------------------------------------------------------------------------

    private void releaseQueued() {
        if (queued == null) return;
        HttpRequest r;
        while ((r = queued.poll()) != null) ReferenceCountUtil.release(r);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ch) throws Exception {
        releaseQueued();
        StreamedResponse s = stream;
        if (s != null) {
            s.gone();
            streamEnded(s);
        }
        super.channelInactive(ch);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ch) throws Exception {
        releaseQueued();
        super.handlerRemoved(ch);
    }
}
