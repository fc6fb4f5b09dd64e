package dev.kiln.server;

import dev.kiln.routing.Routes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * In-memory connections to a server with given settings, for an embedded channel: the test client's way to the
 * handlers of a connection, which the runtime keeps package-private. This class ships in {@code kiln-test}, in the
 * server's package, so that the runtime jar has no public hook for tests.
 *
 * <p>{@code @Blocking} routes run on the calling thread, so a test sees their response once it has written the
 * request. Work that completes on another thread (a handler's {@code CompletionStage}) comes back to a queue that
 * the test's thread drains with {@link #runReturned}, because an embedded channel's event loop is not thread-safe.
 */
public final class InMemoryConnections {
    private final LinkedBlockingQueue<Runnable> returned = new LinkedBlockingQueue<>();
    private final ChannelInitializer<Channel> initializer;
    private final Routes routes;

    /** Connections to a server with these settings; they share context pools and server state. */
    public InMemoryConnections(KilnServer settings) {
        this.initializer = settings.initializer(Runnable::run, settings.newState(), returned::add);
        this.routes = settings.routes();
    }

    /** The routes the server serves. */
    public Routes routes() {
        return routes;
    }

    /** The handlers of one connection: {@code HttpServerCodec}, then Kiln's. */
    public ChannelInitializer<Channel> initializer() {
        return initializer;
    }

    /**
     * Runs the work that came back from other threads, on the calling thread, waiting up to {@code timeout} for the
     * first of it when there is none yet.
     *
     * @return whether any ran
     */
    public boolean runReturned(long timeout, TimeUnit unit) throws InterruptedException {
        Runnable task = returned.poll(timeout, unit);
        if (task == null) return false;
        do {
            task.run();
        } while ((task = returned.poll()) != null);
        return true;
    }
}
