package dev.kiln.server;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one event loop, in the order they were accepted, and the loop's one timer that checks
 * their clocks ({@link ConnectionState}). The {@link ServerState} reaches every connection through these, to drain
 * or close them.
 *
 * <p>Why an array in accept order, and not a {@code ChannelGroup} and a timer per connection: a garbage collector
 * copies live objects in the order it finds them, so every structure that holds the connections decides where
 * their objects end up in memory. Netty's own map of a loop's channels holds them in file-descriptor order, which
 * is, for a burst of connections, the order they are accepted and served in; the objects of connections served one
 * after the other then lie one after the other, and the processor's prefetcher keeps up. A set in hash order or a
 * queue of timers in deadline order scatters them: with 10,000 connections that cost Kiln 15–20 % more CPU per
 * request than raw Netty, and holding the same connections in an array in accept order costs nothing (see
 * BENCHMARKS.md, "What the 10,000-connection gap was").
 *
 * <p>A connection here is an HTTP/1.1 connection's {@link RequestHandler}, an HTTP/2 connection's
 * {@link Http2Connection}, or one HTTP/2 stream's {@link RequestHandler}: each has its clocks and drains.
 *
 * <p>Confined to its event loop: connections join and leave there, and the sweep, the drain and the close run
 * there. A connection that leaves empties its slot; the array closes its gaps, keeping the order, when it sweeps
 * or runs out of room. When the last connection has left, the registry stops its timer and forgets itself, so an
 * idle loop runs no timer and the next connection starts a new registry.
 */
final class Connections implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    /** Checks per shortest timeout: the most a close can be late is this fraction of the timeout. */
    private static final int CHECKS_PER_TIMEOUT = 4;
    /** The shortest check period, so that tiny test timeouts do not spin. */
    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final EventLoop loop;
    private final ServerState server;
    private final long headerTimeout;
    private final long idleTimeout;
    private ConnectionState[] slots = new ConnectionState[16];
    /** Slots in use, gaps included. */
    private int end;
    /** Connections present. */
    private int count;
    private ScheduledFuture<?> timer;

    Connections(EventLoop loop, ServerState server, long headerTimeoutNanos, long idleTimeoutNanos) {
        this.loop = loop;
        this.server = server;
        this.headerTimeout = headerTimeoutNanos;
        this.idleTimeout = idleTimeoutNanos;
    }

    EventLoop loop() {
        return loop;
    }

    /** Adds a new connection at the end; the first one starts the timer. */
    void join(ConnectionState connection) {
        if (timer == null) {
            long period = Math.max(MIN_CHECK_NANOS, Math.min(headerTimeout, idleTimeout) / CHECKS_PER_TIMEOUT);
            timer = loop.scheduleAtFixedRate(this, period, period, TimeUnit.NANOSECONDS);
        }
        if (end == slots.length) {
            compact();
            if (end == slots.length) slots = Arrays.copyOf(slots, 2 * slots.length);
        }
        connection.slot = end;
        slots[end++] = connection;
        count++;
        server.opened(connection.isStream());
    }

    /** Removes a connection that closed or whose handler was removed; again is a no-op. The last one stops the timer. */
    void leave(ConnectionState connection) {
        int slot = connection.slot;
        if (slot < 0) return;
        connection.slot = -1;
        slots[slot] = null;
        if (--count == 0) {
            end = 0;
            timer.cancel(false);
            timer = null;
            server.forget(this);
        }
        server.closed(connection.isStream());
    }

    /**
     * The timer: closes the connections whose client has been too slow, then closes the gaps. A failure on one
     * connection is logged and the sweep goes on: a periodic task that throws is never run again, and the loop
     * would have no timeouts left.
     */
    @Override
    public void run() {
        long now = System.nanoTime();
        // A connection closed here may leave at once, emptying its slot; nothing moves until compact().
        for (int k = 0; k < end; k++) {
            ConnectionState connection = slots[k];
            if (connection == null) continue;
            try {
                connection.checkTimeouts(now, headerTimeout, idleTimeout);
            } catch (Throwable e) {
                log.warn("Checking the timeouts of a connection failed", e);
            }
        }
        compact();
    }

    /** Tells every connection that the server is draining: those with nothing under way close now. */
    void drain() {
        for (int k = 0; k < end; k++) {
            ConnectionState connection = slots[k];
            if (connection == null) continue;
            try {
                connection.drain();
            } catch (Throwable e) {
                log.warn("Draining a connection failed; closing it", e);
                connection.closeNow();
            }
        }
    }

    /** Closes every connection, whatever it is doing. */
    void closeAll() {
        for (int k = 0; k < end; k++) {
            ConnectionState connection = slots[k];
            if (connection != null) connection.closeNow();
        }
    }

    /** Moves the connections over the gaps, keeping their order. */
    private void compact() {
        if (count == end) return;
        int to = 0;
        for (int from = 0; from < end; from++) {
            ConnectionState connection = slots[from];
            if (connection == null) continue;
            connection.slot = to;
            slots[to++] = connection;
        }
        Arrays.fill(slots, to, end, null);
        end = to;
    }

    /** The connections present, in order; for tests. */
    List<ConnectionState> inOrder() {
        List<ConnectionState> present = new ArrayList<>(count);
        for (int k = 0; k < end; k++) {
            if (slots[k] != null) present.add(slots[k]);
        }
        return present;
    }

    /** Whether the timer is scheduled; for tests. */
    boolean isTiming() {
        return timer != null;
    }
}
