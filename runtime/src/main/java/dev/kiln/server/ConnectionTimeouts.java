package dev.kiln.server;

import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * The clocks of one connection: when its client last sent bytes, and when the request head under way began. A
 * connection is closed when its client is too slow: when it takes longer than the header timeout to send a
 * request's head (a slowloris sending a byte at a time), or sends nothing for the idle timeout.
 *
 * <p>A base class of the connection's one handler, not an object or a pipeline handler of its own: with 10,000
 * connections taking turns, every object a request touches per connection is one more cache miss, and a clock object,
 * an aggregator and its pipeline context were most of the 4–9 % more CPU per request that Kiln used than raw Netty
 * there (see BENCHMARKS.md). The {@link RequestHandler} calls {@link #readComplete()} after every socket read, which
 * Netty signals down the pipeline whether or not the read completed a request, and the {@link RequestReader} says when
 * a head and a whole request have arrived. The clocks cost one {@code System.nanoTime()} per read; nothing is scheduled
 * per request or per connection. The loop's {@link Connections} timer asks {@link #expired} every quarter of the
 * shorter timeout, so a connection closes at most a quarter of its timeout late. While a {@code @Blocking} request or a
 * deferred response of the connection is under way, the handler does not ask: the client is waiting for the server, not
 * the other way. Note that only received bytes count as activity: a client that sends nothing while it downloads a
 * large response for longer than the idle timeout is closed too.
 */
abstract class ConnectionTimeouts extends ChannelInboundHandlerAdapter {
    /** No part of a request received since the last one was complete. */
    private static final int BETWEEN_REQUESTS = 0;
    /** Bytes of a request's head received, but not all of it. */
    private static final int IN_HEAD = 1;
    /** The head received, its body not yet complete. */
    private static final int IN_BODY = 2;

    private int phase = BETWEEN_REQUESTS;
    /** Whether a request was completed by the read in progress. */
    private boolean completedInRead;
    private long lastRead = System.nanoTime();
    private long headStart;

    /**
     * A socket read has been decoded. Bytes that completed no request while none was under way start a head.
     * Bytes of a head that came in the same read (the same batch of reads before Netty's read-complete) as the
     * end of the request before it are not seen here: such a head is bounded by the idle timeout instead, from
     * its next bytes by the header timeout. A client that wants more time can always send its head that way,
     * so the guarantee is the idle timeout per request plus the header timeout.
     */
    final void readComplete() {
        long now = System.nanoTime();
        lastRead = now;
        if (phase == BETWEEN_REQUESTS && !completedInRead) {
            phase = IN_HEAD;
            headStart = now;
        }
        completedInRead = false;
    }

    /** A request's head has been decoded: the header timeout no longer applies to it. */
    final void headReceived() {
        phase = IN_BODY;
    }

    /** A whole request has been received. */
    final void requestReceived() {
        phase = BETWEEN_REQUESTS;
        completedInRead = true;
    }

    /**
     * A blocking request's response went out: the clocks, stopped while it ran, start again (a head that began
     * meanwhile gets its whole timeout from now).
     */
    final void touch() {
        long now = System.nanoTime();
        lastRead = now;
        if (phase == IN_HEAD) headStart = now;
    }

    /** Whether part of a request has been received and the rest has not. */
    final boolean midRequest() {
        return phase != BETWEEN_REQUESTS;
    }

    /** Which timeout has passed at {@code now}, said for the log; null while neither has. */
    final String expired(long now, long headerTimeout, long idleTimeout) {
        if (phase == IN_HEAD && now - headStart >= headerTimeout) {
            return "request head not complete after " + TimeUnit.NANOSECONDS.toMillis(headerTimeout) + " ms";
        }
        if (now - lastRead >= idleTimeout) return "idle for " + TimeUnit.NANOSECONDS.toMillis(idleTimeout) + " ms";
        return null;
    }
}
