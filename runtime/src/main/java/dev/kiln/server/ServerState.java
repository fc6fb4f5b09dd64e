package dev.kiln.server;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final AtomicInteger open = new AtomicInteger();
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();
    private volatile boolean draining;

    ServerState(long headerTimeoutNanos, long idleTimeoutNanos) {
        this.headerTimeout = headerTimeoutNanos;
        this.idleTimeout = idleTimeoutNanos;
    }

    /** The registry of {@code loop}'s connections, made on its first connection; call on {@code loop}. */
    Connections connectionsOf(EventLoop loop) {
        Connections registry = registries.get(loop);
        if (registry == null) {
            registry = new Connections(loop, this, headerTimeout, idleTimeout);
            registries.put(loop, registry); // only this loop adds or removes its own entry
        }
        return registry;
    }

    /** A registry whose last connection left; the loop's next connection makes a new one. */
    void forget(Connections registry) {
        registries.remove(registry.loop(), registry);
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        if (open.decrementAndGet() == 0 && draining) allClosed.complete(null);
    }

    boolean isDraining() {
        return draining;
    }

    /**
     * Tells every open connection to finish what it has started and close; returns a future of their closing.
     * Call once the listeners are closed, so that no connection is accepted afterwards.
     */
    CompletableFuture<Void> drain() {
        draining = true; // before the tasks: a connection joining meanwhile sees it
        if (open.get() == 0) allClosed.complete(null);
        registries.values().forEach(registry -> registry.loop().execute(registry::drain));
        return allClosed;
    }

    /** Connections still open. */
    int open() {
        return open.get();
    }

    /** Closes whatever is still open, and returns a future of that (the same as {@link #drain()}'s). */
    CompletableFuture<Void> closeAll() {
        draining = true;
        if (open.get() == 0) allClosed.complete(null);
        registries.values().forEach(registry -> registry.loop().execute(registry::closeAll));
        return allClosed;
    }
}
