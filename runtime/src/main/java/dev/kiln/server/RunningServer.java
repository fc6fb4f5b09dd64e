package dev.kiln.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started server: the port it bound, and {@link #close()} to stop it. */
public final class RunningServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunningServer.class);

    private final Channel channel;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final int port;
    private final Transport transport;

    RunningServer(Channel channel, EventLoopGroup boss, EventLoopGroup workers, int port, Transport transport) {
        this.channel = channel;
        this.boss = boss;
        this.workers = workers;
        this.port = port;
        this.transport = transport;
    }

    /** The port the server listens on: the configured one, or the ephemeral one bound for port 0. */
    public int port() {
        return port;
    }

    /** The transport serving connections. */
    public Transport transport() {
        return transport;
    }

    /** Stops accepting, lets the event loops finish what they hold, and releases Netty's threads. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("Kiln on port {} stopped", port);
    }

    /** Blocks until the server's channel closes. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }
}
