package dev.kiln.server;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose client is too slow: one that takes longer than the header timeout to send a
 * request's head (a slowloris sending a byte at a time), or sends nothing for the idle timeout.
 *
 * <p>Not a pipeline handler of its own (one more hop and one more object per read, which showed at 10,000
 * connections): the {@link RequestHandler} calls {@link #readComplete()} after every socket read, which Netty
 * signals down the pipeline whether or not the read completed a request, and the {@link RequestAggregator}
 * tells it when a head and a whole request have arrived. While a {@code @Blocking} request of the connection
 * runs, the clocks stop: the client is waiting for the server, not the other way. The clock costs one
 * {@code System.nanoTime()} per read and one timer per connection that checks every quarter of the shorter
 * timeout, so a connection closes at most a quarter of its timeout late; nothing is scheduled per request. Note
 * that only received bytes count as activity: a client that sends nothing while it downloads a large response
 * for longer than the idle timeout is closed too.
 */
final class ConnectionTimeouts implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionTimeouts.class);
    /** Checks per shortest timeout: the most a close can be late is this fraction of the timeout. */
    private static final int CHECKS_PER_TIMEOUT = 4;
    /** The shortest check period, so that tiny test timeouts do not spin. */
    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** No part of a request received since the last one was complete. */
    private static final int BETWEEN_REQUESTS = 0;
    /** Bytes of a request's head received, but not all of it. */
    private static final int IN_HEAD = 1;
    /** The head received, its body not yet complete. */
    private static final int IN_BODY = 2;

    private final long headerTimeout;
    private final long idleTimeout;
    private RequestHandler handler;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private int phase = BETWEEN_REQUESTS;
    /** Whether a request was completed by the read in progress. */
    private boolean completedInRead;
    private long lastRead;
    private long headStart;

    ConnectionTimeouts(long headerTimeoutNanos, long idleTimeoutNanos) {
        this.headerTimeout = headerTimeoutNanos;
        this.idleTimeout = idleTimeoutNanos;
    }

    /** The connection's request handler, asked whether a blocking request is in flight. */
    void handler(RequestHandler handler) {
        this.handler = handler;
    }

    /** Starts the clocks of the connection {@code ctx} belongs to, once it is active; again is a no-op. */
    void start(ChannelHandlerContext ctx) {
        if (timer != null || !ctx.channel().isActive()) return;
        this.ctx = ctx;
        lastRead = System.nanoTime();
        long period = Math.max(MIN_CHECK_NANOS, Math.min(headerTimeout, idleTimeout) / CHECKS_PER_TIMEOUT);
        timer = ctx.executor().scheduleAtFixedRate(this, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * A socket read has been decoded. Bytes that completed no request while none was under way start a head.
     * Bytes of a head that came in the same read (the same batch of reads before Netty's read-complete) as the
     * end of the request before it are not seen here: such a head is bounded by the idle timeout instead, from
     * its next bytes by the header timeout. A client that wants more time can always send its head that way,
     * so the guarantee is the idle timeout per request plus the header timeout.
     */
    void readComplete() {
        long now = System.nanoTime();
        lastRead = now;
        if (phase == BETWEEN_REQUESTS && !completedInRead) {
            phase = IN_HEAD;
            headStart = now;
        }
        completedInRead = false;
    }

    /** A request's head has been decoded: the header timeout no longer applies to it. */
    void headReceived() {
        phase = IN_BODY;
    }

    /** A whole request has been received. */
    void requestReceived() {
        phase = BETWEEN_REQUESTS;
        completedInRead = true;
    }

    /**
     * A blocking request's response went out: the clocks, stopped while it ran, start again (a head that began
     * meanwhile gets its whole timeout from now).
     */
    void touch() {
        long now = System.nanoTime();
        lastRead = now;
        if (phase == IN_HEAD) headStart = now;
    }

    /** Whether part of a request has been received and the rest has not. */
    boolean midRequest() {
        return phase != BETWEEN_REQUESTS;
    }

    /** The timer: closes the connection when a deadline has passed. */
    @Override
    public void run() {
        if (!ctx.channel().isOpen() || handler != null && handler.isBusy()) return; // the client waits for us
        long now = System.nanoTime();
        if (phase == IN_HEAD && now - headStart >= headerTimeout) {
            log.debug("Closing {}: request head not complete after {} ms", ctx.channel().remoteAddress(),
                    TimeUnit.NANOSECONDS.toMillis(headerTimeout));
            ctx.close();
        } else if (now - lastRead >= idleTimeout) {
            log.debug("Closing {}: idle for {} ms", ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(idleTimeout));
            ctx.close();
        }
    }

    /** Cancels the timer: the connection closed or its handler was removed. */
    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
