package dev.kiln.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started server: the port it bound, its {@link #stats() figures}, and {@link #close()} to stop it gracefully.
 *
 * <p>Closing fails readiness at once ({@link ServerStats#stopping()}), keeps serving for the drain delay
 * ({@link KilnServer#drainDelay}) while load balancers take the instance out, then stops accepting, closes idle
 * connections, lets the requests in flight finish (a connection
 * closes after its last response, which says {@code Connection: close}) up to the shutdown timeout, closes what is
 * left, and then releases Netty's event loops and the blocking executor.
 */
public final class RunningServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunningServer.class);
    /**
     * How long Netty's event loops get to finish their last tasks once every connection is closed, and how long
     * closing the connections still open at the shutdown deadline may take.
     */
    private static final long EVENT_LOOP_SHUTDOWN_SECONDS = 2;

    private final List<Channel> listeners;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final int port;
    private final Transport transport;
    private final ServerState state;
    private final BlockingExecutor blocking;
    private final Duration shutdownTimeout;
    private final Duration drainDelay;
    private final ServerStats stats;
    /** The TLS contexts of an HTTPS server; null for plain HTTP. */
    private final TlsContexts tls;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closing;

    RunningServer(List<Channel> listeners, EventLoopGroup boss, EventLoopGroup workers, int port, Transport transport,
                  ServerState state, BlockingExecutor blocking, Duration shutdownTimeout, Duration drainDelay,
                  ServerStats stats, TlsContexts tls) {
        this.listeners = List.copyOf(listeners);
        this.boss = boss;
        this.workers = workers;
        this.port = port;
        this.transport = transport;
        this.state = state;
        this.blocking = blocking;
        this.shutdownTimeout = shutdownTimeout;
        this.drainDelay = drainDelay;
        this.stats = stats;
        this.tls = tls;
    }

    /** The port the server listens on: the configured one, or the ephemeral one bound for port 0. */
    public int port() {
        return port;
    }

    /** The transport serving connections. */
    public Transport transport() {
        return transport;
    }

    /** How many sockets listen on the port: more than one with {@code SO_REUSEPORT}. */
    public int listeners() {
        return listeners.size();
    }

    /** Whether {@code @Blocking} routes run on virtual threads (else on a bounded platform thread pool). */
    public boolean blockingOnVirtualThreads() {
        return blocking.isVirtual();
    }

    /** Who does the server's TLS; null when it speaks plain HTTP. */
    public TlsProvider tlsProvider() {
        return tls == null ? null : tls.provider();
    }

    /**
     * Reads the certificate and key files again now, and gives what they hold to the connections accepted from now
     * on; those already open keep the certificate they began with. What the sample app does on {@code SIGHUP}.
     *
     * @throws IllegalStateException when the server has no TLS, or when the files cannot be used (the message, one
     *     line, names the setting and the file): then the certificate served until now stays
     */
    public void reloadTls() {
        if (tls == null) throw new IllegalStateException("this server has no TLS: set tlsCert and tlsKey, or tlsPkcs12");
        try {
            tls.reload();
        } catch (TlsKeys.Unusable e) {
            throw new IllegalStateException(e.getMessage() + "; still serving " + tls.certificate(), e);
        }
    }

    /** Connections open now; an HTTP/2 connection counts once, whatever streams it carries. */
    public int connections() {
        return state.open();
    }

    /**
     * Connections, and the HTTP/2 streams served by a handler of their own (a child channel) rather than on their
     * connection ({@link Http2Streams}).
     */
    int handlers() {
        return state.handlers();
    }

    /** The server's live figures: the same object as {@link KilnServer#stats()}. */
    public ServerStats stats() {
        return stats;
    }

    /**
     * Stops gracefully: readiness fails, the drain delay passes, and in-flight requests get up to the configured
     * shutdown timeout.
     */
    @Override
    public void close() {
        close(shutdownTimeout);
    }

    /**
     * Fails readiness, waits the drain delay, stops accepting, lets in-flight requests finish for up to
     * {@code timeout}, closes what is left, and releases Netty's threads and the blocking executor. Returns when all
     * of that is done; calling it again does nothing.
     */
    public void close(Duration timeout) {
        synchronized (this) {
            if (closing) return;
            closing = true;
        }
        state.stopping();
        if (tls != null) tls.stopWatching();
        if (!drainDelay.isZero()) {
            log.info("Kiln on port {} stopping: readiness fails now; serving {} ms more before closing the listener",
                    port, drainDelay.toMillis());
            sleepUninterruptibly(drainDelay);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Channel listener : listeners) listener.close().syncUninterruptibly();
        int open = state.open();
        long left = Math.max(0, deadline - System.nanoTime());
        boolean inTime = state.drain().awaitUninterruptibly(left, TimeUnit.NANOSECONDS);
        int cut = 0;
        if (!inTime) {
            cut = state.open();
            state.closeAll().awaitUninterruptibly(EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        }
        ExecutorService executor = blocking.executor();
        executor.shutdownNow(); // anything still running belongs to a connection that is closed by now
        boss.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS).syncUninterruptibly();
        if (cut == 0) {
            log.info("Kiln on port {} stopped; {} connections drained", port, open);
        } else {
            log.warn("Kiln on port {} stopped; {} of {} connections still busy after {} ms were closed", port, cut, open,
                    timeout.toMillis());
        }
        stopped.countDown();
    }

    private static void sleepUninterruptibly(Duration delay) {
        long end = System.nanoTime() + delay.toNanos();
        boolean interrupted = false;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true; // the shutdown goes on; the interrupt is kept for the caller
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Blocks until the server has stopped: {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }
}
