package dev.kiln.server;

import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * The state of one connection: one {@code int} of flags and a phase, and the two clocks its timeouts read. Every
 * change to the state is made by a method of this class, so the table below is the whole state machine.
 *
 * <pre>
 * part               meaning                                            set by                cleared by
 * phase              where the client is in its request:                readComplete (bytes   requestReceived
 *                    BETWEEN_REQUESTS, IN_HEAD, IN_BODY                 start a head: IN_HEAD)
 *                                                                       headReceived (IN_BODY)
 * COMPLETED_IN_READ  the socket read in progress completed a request   requestReceived       readComplete
 * IN_READ            the loop is handing over one socket read's        readStarted           readComplete
 *                    requests: responses wait for its flush
 * UNFLUSHED          responses written in this read, not yet flushed   wroteInRead           takeUnflushed
 * BUSY               a response is being made off the event loop       hold                  unhold
 *                    (@Blocking, CompletionStage): reading paused,
 *                    requests decoded meanwhile queue
 * CONTINUE_OWED      a 100 Continue waits for the response ahead       oweContinue           takeContinueOwed
 * CLOSING            the connection closes after the responses ahead:  stopAccepting         (never)
 *                    nothing decoded from now on is served
 * DRAINING           the server is shutting down: close once nothing   startDraining         (never)
 *                    is in flight
 * </pre>
 *
 * <p>A base class of the connection's one handler rather than an object of its own: with 10,000 connections taking
 * turns, every further object a request touches per connection is one more cache miss (see BENCHMARKS.md). The
 * clocks cost one {@code System.nanoTime()} per socket read; nothing is scheduled per request or per connection:
 * the loop's {@link Connections} timer asks {@link #expired} every quarter of the shorter timeout, so a connection
 * closes at most a quarter of its timeout late. A connection is closed when its client takes longer than the header
 * timeout to send a request's head (a slowloris sending a byte at a time), or sends nothing for the idle timeout.
 * While the connection is {@code BUSY} the handler does not ask: the client is waiting for the server, not the other
 * way. Note that only received bytes count as activity: a client that sends nothing while it downloads a large
 * response for longer than the idle timeout is closed too.
 */
abstract class ConnectionState extends ChannelInboundHandlerAdapter {
    /** The phase: no part of a request received since the last one was complete. */
    static final int BETWEEN_REQUESTS = 0;
    /** The phase: bytes of a request's head received, but not all of it. */
    static final int IN_HEAD = 1;
    /** The phase: the head received, its body not yet complete. */
    static final int IN_BODY = 2;
    private static final int PHASE = 3;

    static final int COMPLETED_IN_READ = 1 << 2;
    static final int IN_READ = 1 << 3;
    static final int UNFLUSHED = 1 << 4;
    static final int BUSY = 1 << 5;
    static final int CONTINUE_OWED = 1 << 6;
    static final int CLOSING = 1 << 7;
    static final int DRAINING = 1 << 8;

    private int state;
    /** Its place in its event loop's {@link Connections} (-1: not in it); only the registry changes it. */
    int slot = -1;
    private long lastRead = System.nanoTime();
    private long headStart;
    /** The arrival time of the requests of the read under way, once one has asked ({@link #arrival}); 0: none has. */
    private long readClock;

    /** Whether this is the handler of one HTTP/2 stream rather than a connection: it is not counted as one. */
    boolean isStream() {
        return false;
    }

    /** Whether {@code flag} is set. */
    final boolean is(int flag) {
        return (state & flag) != 0;
    }

    /** The phase: {@link #BETWEEN_REQUESTS}, {@link #IN_HEAD} or {@link #IN_BODY}. */
    final int phase() {
        return state & PHASE;
    }

    /** Whether part of a request has been received and the rest has not. */
    final boolean midRequest() {
        return (state & PHASE) != BETWEEN_REQUESTS;
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    /** The event loop is handing this connection the requests of one socket read. */
    final void readStarted() {
        state |= IN_READ;
    }

    /**
     * A socket read has been decoded. Bytes that completed no request while none was under way start a head.
     * Bytes of a head that came in the same read (the same batch of reads before Netty's read-complete) as the
     * end of the request before it are not seen here: such a head is bounded by the idle timeout instead, from
     * its next bytes by the header timeout. A client that wants more time can always send its head that way,
     * so the guarantee is the idle timeout per request plus the header timeout. Returns the time it read.
     */
    final long readComplete() {
        long now = System.nanoTime();
        lastRead = now;
        if ((state & (PHASE | COMPLETED_IN_READ)) == BETWEEN_REQUESTS) {
            state = state & ~PHASE | IN_HEAD;
            headStart = now;
        }
        state &= ~(COMPLETED_IN_READ | IN_READ);
        readClock = 0;
        return now;
    }

    /**
     * When the request being served arrived, as {@link System#nanoTime()}: the requests of one socket read arrived
     * together, so the first to ask reads the clock and the others it carried share that reading (a client
     * pipelining 16 requests costs one reading, not 16). Outside a read (a request that waited in the queue), now.
     */
    final long arrival() {
        if ((state & IN_READ) == 0) return System.nanoTime();
        long t = readClock;
        if (t == 0) readClock = t = System.nanoTime();
        return t;
    }

    /** A request's head has been decoded: the header timeout no longer applies to it. */
    final void headReceived() {
        state = state & ~PHASE | IN_BODY;
    }

    /** A whole request has been received. */
    final void requestReceived() {
        state = state & ~PHASE | COMPLETED_IN_READ;
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /** A response was written during a read, to be flushed with the others at its end. */
    final void wroteInRead() {
        state |= UNFLUSHED;
    }

    /** Whether responses wait for a flush; they do not any more. */
    final boolean takeUnflushed() {
        boolean unflushed = (state & UNFLUSHED) != 0;
        state &= ~UNFLUSHED;
        return unflushed;
    }

    // ---- work off the event loop ---------------------------------------------------------------------------

    /** A response is being made off the event loop: requests queue behind it, and the clocks stop. */
    final void hold() {
        state |= BUSY;
    }

    /**
     * The response made off the loop has been written: the clocks, stopped while it ran, start again (a head that
     * began meanwhile gets its whole timeout from now).
     */
    final void unhold() {
        state &= ~BUSY;
        long now = System.nanoTime();
        lastRead = now;
        if ((state & PHASE) == IN_HEAD) headStart = now;
    }

    /** A {@code 100 Continue} is due once the response ahead is out. */
    final void oweContinue() {
        state |= CONTINUE_OWED;
    }

    /** Whether a {@code 100 Continue} was owed; it is not any more (sent now, or no longer wanted). */
    final boolean takeContinueOwed() {
        boolean owed = (state & CONTINUE_OWED) != 0;
        state &= ~CONTINUE_OWED;
        return owed;
    }

    // ---- closing -------------------------------------------------------------------------------------------

    /** No further request is served: the connection closes after the responses ahead. */
    final void stopAccepting() {
        state |= CLOSING;
    }

    /** The server is shutting down. */
    final void startDraining() {
        state |= DRAINING;
    }

    // ---- what the loop's Connections asks --------------------------------------------------------------------

    /** Closes the connection if its client has been too slow by {@code now}; {@link Connections}' timer asks. */
    abstract void checkTimeouts(long now, long headerTimeout, long idleTimeout);

    /** The server is shutting down: finish what is under way, then close. */
    abstract void drain();

    /** Closes the connection at once: the server's shutdown timeout has passed. */
    abstract void closeNow();

    // ---- timeouts ------------------------------------------------------------------------------------------

    /** Which timeout has passed at {@code now}, said for the log; null while neither has. */
    final String expired(long now, long headerTimeout, long idleTimeout) {
        if ((state & PHASE) == IN_HEAD && now - headStart >= headerTimeout) {
            return "request head not complete after " + TimeUnit.NANOSECONDS.toMillis(headerTimeout) + " ms";
        }
        if (now - lastRead >= idleTimeout) return "idle for " + TimeUnit.NANOSECONDS.toMillis(idleTimeout) + " ms";
        return null;
    }

    /**
     * No: a connection's own handler. Answered here rather than by Netty, which looks for {@code @Sharable} by
     * reflection as each handler is added (a lookup cached per class and thread, and on its first use in the JVM
     * the annotation proxies start-up pays for; see {@link ConnectionInitializer}).
     */
    @Override
    public boolean isSharable() {
        return false;
    }
}
