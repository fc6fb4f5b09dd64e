package dev.kiln.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What the connections of one server share: their {@link Connections} registries, one per event loop, the number
 * open, and whether the server is draining for shutdown.
 *
 * <p>Draining reaches each connection on its own event loop; a connection accepted while the drain was being
 * sent sees {@link #isDraining()} once it has joined its registry. Either way its {@link RequestHandler} closes it
 * as soon as nothing is in flight.
 */
final class ServerState {
    private final long headerTimeout;
    private final long idleTimeout;
    private final ConcurrentHashMap<EventLoop, Connections> registries = new ConcurrentHashMap<>();
    /**
     * Everything in the registries: connections, and the HTTP/2 streams served by a handler of their own, each with
     * its clocks. What a drain waits for.
     */
    private final AtomicInteger open = new AtomicInteger();
    /** Connections alone: what {@link #open()} reports. */
    private final AtomicInteger connections = new AtomicInteger();
    /** Completed once draining has begun and no connection is open; awaited off the event loops. */
    private final Promise<Void> allClosed = GlobalEventExecutor.INSTANCE.newPromise();
    /** {@code @Blocking} requests running now. */
    private final AtomicInteger blockingRunning = new AtomicInteger();
    private volatile boolean draining;
    /** Set when shutdown begins, before draining: readiness fails while the listener is still open. */
    private volatile boolean stopping;

    ServerState(long headerTimeoutNanos, long idleTimeoutNanos) {
        this.headerTimeout = headerTimeoutNanos;
        this.idleTimeout = idleTimeoutNanos;
    }

    /** The registry of {@code loop}'s connections, made on its first connection; call on {@code loop}. */
    Connections connectionsOf(EventLoop loop) {
        return registries.computeIfAbsent(loop, l -> new Connections(l, this, headerTimeout, idleTimeout));
    }

    /** A registry whose last connection left; the loop's next connection makes a new one. */
    void forget(Connections registry) {
        registries.remove(registry.loop(), registry);
    }

    /** A connection, or ({@code stream}) one HTTP/2 stream's handler, has joined its registry. */
    void opened(boolean stream) {
        open.incrementAndGet();
        if (!stream) connections.incrementAndGet();
    }

    void closed(boolean stream) {
        if (!stream) connections.decrementAndGet();
        if (open.decrementAndGet() == 0 && draining) allClosed.trySuccess(null);
    }

    boolean isDraining() {
        return draining;
    }

    /** Shutdown has begun: readiness fails from now on, though connections are still served for the drain delay. */
    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    /** A {@code @Blocking} request starts running on a worker ({@code +1}) or has finished ({@code -1}). */
    void blockingRunning(int delta) {
        blockingRunning.addAndGet(delta);
    }

    int blockingRunning() {
        return blockingRunning.get();
    }

    /**
     * Tells every open connection to finish what it has started and close; returns a future of their closing.
     * Call once the listeners are closed, so that no connection is accepted afterwards.
     */
    Future<Void> drain() {
        return onEveryLoop(Connections::drain);
    }

    /** Connections still open; an HTTP/2 connection counts once, whatever its streams. */
    int open() {
        return connections.get();
    }

    /** Connections and the HTTP/2 streams served by a handler of their own: what a drain waits for. */
    int handlers() {
        return open.get();
    }

    /** Closes whatever is still open, and returns a future of that (the same as {@link #drain()}'s). */
    Future<Void> closeAll() {
        return onEveryLoop(Connections::closeAll);
    }

    /** Draining from now on; runs {@code action} on every registry, on its loop; the future of the last close. */
    private Future<Void> onEveryLoop(Consumer<Connections> action) {
        stopping = true;
        draining = true; // before the tasks: a connection joining meanwhile sees it
        if (open.get() == 0) allClosed.trySuccess(null);
        registries.values().forEach(registry -> registry.loop().execute(() -> action.accept(registry)));
        return allClosed;
    }
}
