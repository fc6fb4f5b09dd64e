package dev.kiln.server;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * A live view of what a server holds now, for metrics and health: {@link KilnServer#stats()}, the same object before
 * and after it starts. Each figure is read when asked, from any thread; it is as fresh as the threads that change it
 * have made it visible, which for a gauge read every few seconds is fresh enough. Before the server starts every
 * figure is 0.
 *
 * <p>A {@code KilnServer} started more than once reports on the server it started last.
 */
public final class ServerStats {
    /** What one start made, set when it binds. */
    private volatile Live live;

    ServerStats() {}

    /**
     * What a started server reports from: its shared state, its event loops, its pools and its blocking executor; the
     * test client's in-memory connections have no event loop group or executor of their own (null).
     */
    record Live(ServerState state, EventLoopGroup workers, List<ContextPool> pools, ExecutorService blocking) {}

    void attach(Live live) {
        this.live = live;
    }

    /** The context pools of one start, in the order their event loops made them; the settings add to it. */
    static List<ContextPool> newPoolList() {
        return new CopyOnWriteArrayList<>();
    }

    /** Whether the server has started and has not begun to shut down: whether it takes new work. */
    public boolean serving() {
        Live l = live;
        return l != null && !l.state().isStopping();
    }

    /**
     * Whether shutdown has begun ({@link RunningServer#close()}): from that moment readiness says 503, while the
     * listener stays open for the drain delay and in-flight requests finish.
     */
    public boolean stopping() {
        Live l = live;
        return l != null && l.state().isStopping();
    }

    /** Connections open now. */
    public int openConnections() {
        Live l = live;
        return l == null ? 0 : l.state().open();
    }

    /** Request contexts taken from the event loops' pools since the start: one per request routed. */
    public long contextsAcquired() {
        long n = 0;
        Live l = live;
        if (l != null) for (ContextPool p : l.pools()) n += p.acquired();
        return n;
    }

    /** Request contexts the pools had to create because none was free; with pooling off, one per request. */
    public long contextsCreated() {
        long n = 0;
        Live l = live;
        if (l != null) for (ContextPool p : l.pools()) n += p.created();
        return n;
    }

    /** Contexts taken that were reused rather than created: {@link #contextsAcquired()} less {@link #contextsCreated()}. */
    public long contextsReused() {
        long n = 0;
        Live l = live;
        if (l != null) for (ContextPool p : l.pools()) n += p.acquired() - p.created();
        return n;
    }

    /** Idle contexts the pools hold now, ready for the next requests. */
    public int contextsIdle() {
        int n = 0;
        Live l = live;
        if (l != null) for (ContextPool p : l.pools()) n += p.size();
        return n;
    }

    /** {@code @Blocking} requests running now, on virtual or platform threads. */
    public int blockingActive() {
        Live l = live;
        return l == null ? 0 : l.state().blockingRunning();
    }

    /** {@code @Blocking} requests waiting for a platform thread; always 0 with virtual threads. */
    public int blockingQueued() {
        Live l = live;
        return l != null && l.blocking() instanceof ThreadPoolExecutor pool ? pool.getQueue().size() : 0;
    }

    /** Tasks waiting in the event loops' queues: work handed back from other threads, timers due, ... */
    public int eventLoopPendingTasks() {
        Live l = live;
        if (l == null || l.workers() == null) return 0;
        int n = 0;
        for (EventExecutor loop : l.workers()) {
            if (loop instanceof SingleThreadEventExecutor s) n += s.pendingTasks();
        }
        return n;
    }
}
